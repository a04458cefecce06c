package io.jingzhi.agent.app;

import io.jingzhi.agent.AgentCallers;

import io.jingzhi.iam.api.AppKeys;
import io.jingzhi.iam.api.Audited;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * API keys of an app ({@code /api/v1/apps/{code}/keys}): each key is allowed exactly the model {@code app/<code>},
 * so it runs this app and nothing else. Builders of the app manage them.
 */
@RestController
public class AppKeysController {

  private final AppAccess access;
  private final AppKeys keys;

  public AppKeysController(AppAccess access, AppKeys keys) {
    this.access = access;
    this.keys = keys;
  }

  record NewKey(@NotBlank @Size(max = 100) String name, @Min(1) Integer rpm, @Min(1) Integer concurrency,
      Instant expiresAt) {}

  @GetMapping("/api/v1/apps/{code}/keys")
  public List<AppKeys.Key> list(@PathVariable String code) {
    var caller = AgentCallers.user();
    App app = access.writable(caller, code);
    return keys.list(caller, app.projectId(), app.code());
  }

  @PostMapping("/api/v1/apps/{code}/keys")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "apikey.create", target = "api_key")
  public AppKeys.Key create(@PathVariable String code, @Valid @RequestBody NewKey body) {
    var caller = AgentCallers.user();
    App app = access.writable(caller, code);
    return keys.create(caller, app.projectId(), app.code(), app.name(), body.name().strip(), app.model(),
        body.rpm(), body.concurrency(), body.expiresAt());
  }
}
