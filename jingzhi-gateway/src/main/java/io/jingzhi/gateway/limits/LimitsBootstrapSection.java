package io.jingzhi.gateway.limits;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.BootstrapContext;
import io.jingzhi.iam.api.ListBootstrapSection;
import io.jingzhi.iam.api.Tenancy;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The {@code limits} section of the bootstrap file: {@code limits[]} {scope: tenant|project|app, code (of the org,
 * project or app), rpm, tpm, concurrency, daily_tokens, monthly_tokens, guaranteed_tps (tenants)}. Each entry
 * replaces the stored limits of its scope; scopes the file does not mention keep theirs.
 */
@Component
class LimitsBootstrapSection extends ListBootstrapSection {

  private static final Set<String> EXTRA = Set.of("scope", "code");

  private final LimitRepository repository;
  private final LimitService service;
  private final Tenancy tenancy;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  LimitsBootstrapSection(LimitRepository repository, LimitService service, Tenancy tenancy,
      ApplicationEventPublisher events, Clock clock) {
    super("limits", 200, "limits");
    this.repository = repository;
    this.service = service;
    this.tenancy = tenancy;
    this.events = events;
    this.clock = clock;
  }

  @Override
  protected void validate(JsonNode entry, String path, Set<String> seen, BootstrapContext ctx) {
    Optional<LimitScope> scope = LimitScope.settable(entry.path("scope").asString(""));
    if (scope.isEmpty()) {
      ctx.problem(path + ".scope", "required: tenant, project or app");
      return;
    }
    String code = entry.path("code").asString("");
    boolean exists = switch (scope.get()) {
      case TENANT -> ctx.orgExists(code);
      case PROJECT -> ctx.projectExists(code);
      case APP -> ctx.appExists(code);
      case KEY -> false;
    };
    if (!exists) {
      ctx.problem(path + ".code", "no " + scope.get().wire() + " with the code '" + code + "'");
    } else if (!seen.add(scope.get().wire() + ":" + code)) {
      ctx.problem(path + ".code", "the limits of " + scope.get().wire() + " " + code + " are given twice");
    }
    LimitsInput.read(entry, scope.get(), path, EXTRA, ctx::problem);
  }

  @Override
  public void apply(JsonNode section, BootstrapContext ctx) {
    boolean changed = false;
    for (Entry item : entries(section)) {
      JsonNode entry = item.node();
      String path = item.path();
      LimitScope scope = LimitScope.settable(entry.get("scope").asString()).orElseThrow();
      String code = entry.get("code").asString();
      Optional<Long> id = switch (scope) {
        case TENANT -> ctx.orgId(code);
        case PROJECT -> ctx.projectId(code);
        case APP -> ctx.appId(code);
        case KEY -> Optional.empty();
      };
      if (id.isEmpty()) {
        ctx.problem(path + ".code", "no " + scope.wire() + " with the code '" + code + "'");
        continue;
      }
      if (scope == LimitScope.TENANT && tenancy.tenantOf(id.get()) != id.get()) {
        ctx.problem(path + ".code", "org " + code + " is not a tenant (委办局-level org)");
        continue;
      }
      LimitsInput input = LimitsInput.read(entry, scope, path, EXTRA, ctx::problem);
      if (input == null) {
        continue;
      }
      Limits wanted = input.toLimits(scope, id.get(), clock.instant());
      Optional<Limits> stored = repository.find(scope, id.get());
      if (stored.isPresent() && same(stored.get(), wanted)) {
        continue;
      }
      if (input.guaranteedTps() != null) {
        try {
          service.checkOversubscription(id.get(), input.guaranteedTps());
        } catch (ApiException e) {
          ctx.problem(path + ".guaranteed_tps", e.getMessage());
          continue;
        }
      }
      repository.save(wanted);
      ctx.changed("limits of " + scope.wire() + " " + code + (stored.isPresent() ? " updated" : " set"));
      changed = true;
    }
    if (changed) {
      events.publishEvent(new LimitCatalog.LimitsChanged());
    }
  }

  private static boolean same(Limits a, Limits b) {
    return a.withoutTime().equals(b.withoutTime());
  }
}
