package io.jingzhi.iam.apikey;

import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
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

/** API keys of an app, and key-level operations under {@code /api/v1/api-keys}. */
@RestController
public class ApiKeyController {

  private final ApiKeyService service;

  public ApiKeyController(ApiKeyService service) {
    this.service = service;
  }

  record LimitsBody(@Min(1) Integer rpm, @Min(1) Integer tpm, @Min(1) Integer concurrency) {}

  record CreateKey(
      @NotBlank @Size(max = 100) String name,
      @Size(max = 200) List<@NotBlank @Size(max = 200) String> models,
      @Valid LimitsBody limits,
      Instant expiresAt) {}

  @GetMapping("/api/v1/projects/{projectId}/apps/{appId}/keys")
  public List<ApiKeyView> list(@PathVariable long projectId, @PathVariable long appId) {
    return service.list(Callers.current(), projectId, appId);
  }

  @PostMapping("/api/v1/projects/{projectId}/apps/{appId}/keys")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "apikey.create", target = "api_key")
  public ApiKeyView create(@PathVariable long projectId, @PathVariable long appId, @Valid @RequestBody CreateKey b) {
    LimitsBody l = b.limits();
    var limits = l == null ? ApiKey.Limits.NONE : new ApiKey.Limits(l.rpm(), l.tpm(), l.concurrency());
    return service.create(Callers.current(), projectId, appId,
        new ApiKeyService.NewKey(b.name().strip(), b.models(), limits, b.expiresAt()));
  }

  @GetMapping("/api/v1/api-keys/{id}")
  public ApiKeyView get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PostMapping("/api/v1/api-keys/{id}/revoke")
  @Audited(value = "apikey.revoke", target = "api_key")
  public ApiKeyView revoke(@PathVariable long id) {
    return service.revoke(Callers.current(), id);
  }
}
