package io.jingzhi.gateway.limits;

import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Limits of tenants, projects and apps: {@code /api/v1/limits}. Keys carry their own limits. */
@RestController
@RequestMapping("/api/v1/limits")
public class LimitController {

  private final LimitService service;

  public LimitController(LimitService service) {
    this.service = service;
  }

  @GetMapping
  public List<Limits> list(@RequestParam(required = false) String scope,
      @RequestParam(name = "scope_id", required = false) Long scopeId) {
    return service.list(Callers.current(), scope, scopeId);
  }

  @PutMapping("/{scope}/{scopeId}")
  @Audited(value = "limits.update", target = "limits")
  public Limits put(@PathVariable String scope, @PathVariable long scopeId, @RequestBody JsonNode body) {
    return service.put(Callers.current(), scope, scopeId, body);
  }

  @DeleteMapping("/{scope}/{scopeId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "limits.delete", target = "limits")
  public void delete(@PathVariable String scope, @PathVariable long scopeId) {
    service.delete(Callers.current(), scope, scopeId);
  }
}
