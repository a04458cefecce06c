package io.jingzhi.gateway.limits;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.gateway.GatewayProperties;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.Tenancy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads, sets and removes the limits of tenants, projects and apps. Platform administrators set tenants' limits;
 * a tenant's administrators set those of its projects and apps. Everyone with {@code project:read} reads the
 * limits of their own tenant. Another tenant's scopes answer 404, as if they did not exist.
 */
@Service
public class LimitService {

  private final LimitRepository repository;
  private final Tenancy tenancy;
  private final AuditLog audit;
  private final JsonMapper json;
  private final ApplicationEventPublisher events;
  private final GatewayProperties properties;
  private final Clock clock;

  public LimitService(LimitRepository repository, Tenancy tenancy, AuditLog audit, JsonMapper json,
      ApplicationEventPublisher events, GatewayProperties properties, Clock clock) {
    this.repository = repository;
    this.tenancy = tenancy;
    this.audit = audit;
    this.json = json;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
  }

  /** The limits the caller may see; with a scope and id, those of that one scope (none or one). */
  public List<Limits> list(Caller caller, String scope, Long scopeId) {
    caller.require(Permissions.PROJECT_READ);
    if (scope == null && scopeId == null) {
      return repository.all().stream().filter(l -> caller.platformScope() || visible(caller, l)).toList();
    }
    if (scope == null || scopeId == null) {
      throw ApiException.invalid(scope == null ? "scope" : "scope_id", "give scope and scope_id together");
    }
    LimitScope s = parse(scope);
    requireVisible(caller, s, scopeId);
    return repository.find(s, scopeId).stream().toList();
  }

  @Transactional
  public Limits put(Caller caller, String scope, long scopeId, JsonNode body) {
    LimitScope s = authorizeWrite(caller, scope, scopeId);
    List<FieldError> problems = new ArrayList<>();
    LimitsInput input = LimitsInput.read(body, s, "", Set.of(), (f, m) -> problems.add(new FieldError(f, m)));
    if (input == null) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "validation_failed", problems.getFirst().field() + ": "
          + problems.getFirst().message(), problems);
    }
    if (input.guaranteedTps() != null) {
      checkOversubscription(scopeId, input.guaranteedTps());
    }
    Limits before = repository.find(s, scopeId).orElse(null);
    Limits after = input.toLimits(s, scopeId, clock.instant());
    repository.save(after);
    audit.record(AuditRecord.success(caller, "limits.update", "limits", s.wire() + ":" + scopeId,
        s.wire() + " " + scopeId, before == null ? null : json.writeValueAsString(before),
        json.writeValueAsString(after)));
    events.publishEvent(new LimitCatalog.LimitsChanged());
    return after;
  }

  @Transactional
  public void delete(Caller caller, String scope, long scopeId) {
    LimitScope s = authorizeWrite(caller, scope, scopeId);
    Limits before = repository.find(s, scopeId)
        .orElseThrow(() -> ApiException.notFound("limits", s.wire() + " " + scopeId));
    repository.delete(s, scopeId);
    audit.record(AuditRecord.success(caller, "limits.delete", "limits", s.wire() + ":" + scopeId,
        s.wire() + " " + scopeId, json.writeValueAsString(before), null));
    events.publishEvent(new LimitCatalog.LimitsChanged());
  }

  /**
   * Rejects a guarantee that would make the tenants' guarantees add up beyond the models' capacity times the
   * oversubscription ratio.
   */
  void checkOversubscription(long tenantId, int guaranteedTps) {
    long capacity = properties.limits().totalCapacityTps();
    if (capacity == 0) {
      throw ApiException.invalid("guaranteed_tps", "no model has a capacity configured "
          + "(jingzhi.gateway.limits.capacity-tps), so there is nothing to guarantee a token rate from");
    }
    long sum = repository.guaranteedTpsExcept(tenantId) + guaranteedTps;
    double allowed = capacity * properties.oversubscriptionRatio();
    if (sum > allowed) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "limits.oversubscribed", "The tenants' guaranteed token rates "
          + "would add up to " + sum + " tokens/s, more than the capacity of " + capacity
          + " tokens/s times the oversubscription ratio " + properties.oversubscriptionRatio() + " (= "
          + (long) allowed + ")", List.of(new FieldError("guaranteed_tps", "at most "
              + Math.max(0, (long) allowed - (sum - guaranteedTps)) + " is still available")));
    }
  }

  private LimitScope authorizeWrite(Caller caller, String scope, long scopeId) {
    caller.require(Permissions.PROJECT_WRITE);
    LimitScope s = parse(scope);
    requireVisible(caller, s, scopeId);
    if (s == LimitScope.TENANT && !caller.platformScope()) {
      throw ApiException.forbidden("limits.platform_only",
          "Only platform administrators set a tenant's limits; tenant administrators set those of projects and apps");
    }
    return s;
  }

  private static LimitScope parse(String scope) {
    return LimitScope.settable(scope)
        .orElseThrow(() -> ApiException.invalid("scope", "must be tenant, project or app"));
  }

  private void requireVisible(Caller caller, LimitScope scope, long id) {
    switch (scope) {
      case TENANT -> {
        tenancy.requireVisible(caller, id, "tenant", id);
        if (tenancy.tenantOf(id) != id) {
          throw ApiException.notFound("tenant", id); // an org inside a tenant, not a tenant
        }
      }
      case PROJECT -> tenancy.requireVisible(caller,
          repository.projectOrg(id).orElseThrow(() -> ApiException.notFound("project", id)), "project", id);
      case APP -> tenancy.requireVisible(caller,
          repository.appOrg(id).orElseThrow(() -> ApiException.notFound("app", id)), "app", id);
      case KEY -> throw ApiException.invalid("scope", "must be tenant, project or app");
    }
  }

  private boolean visible(Caller caller, Limits l) {
    try {
      requireVisible(caller, l.scope(), l.scopeId());
      return true;
    } catch (ApiException e) {
      return false;
    }
  }
}
