package io.jingzhi.guard.proxy;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.Tenancy;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Creates, changes and removes reverse-proxy routes within the caller's tenant; every change is audited. */
@Service
public class ProxyRouteService {

  private final ProxyRouteRepository repository;
  private final Tenancy tenancy;
  private final AuditLog audit;
  private final JsonMapper json;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  ProxyRouteService(ProxyRouteRepository repository, Tenancy tenancy, AuditLog audit, JsonMapper json,
      ApplicationEventPublisher events, Clock clock) {
    this.repository = repository;
    this.tenancy = tenancy;
    this.audit = audit;
    this.json = json;
    this.events = events;
    this.clock = clock;
  }

  /**
   * A route as an operator gives it. On update a field left out (null) keeps its value and an empty text clears an
   * optional one; {@code app_id: 0} removes the app.
   */
  public record RouteSpec(String code, String name, Boolean enabled, Long tenantId, Long appId, String host,
      String pathPrefix, String upstreamUrl, Integer connectTimeoutMs, Integer readTimeoutMs, String identityHeader,
      String orgHeader, String uriOverwrite, String rewriteRegex, String rewriteReplacement, String redirectUrl,
      Integer redirectStatus, String extraction, List<String> requestPaths, List<String> responsePaths,
      List<String> streamPaths, Boolean blockNonJson, String blockedShape, String blockedTemplate, String blockedPath,
      Integer blockedStatus) {}

  public PageResult<ProxyRoute> list(Caller caller, PageQuery page) {
    caller.require(Permissions.GUARD_MANAGE);
    Long tenant = caller.platformScope() ? null : caller.tenantId();
    return new PageResult<>(repository.page(tenant, page.offset(), page.size()), repository.count(tenant),
        page.page(), page.size());
  }

  public ProxyRoute get(Caller caller, long id) {
    caller.require(Permissions.GUARD_MANAGE);
    return visible(caller, id);
  }

  @Transactional
  public ProxyRoute create(Caller caller, RouteSpec spec) {
    caller.require(Permissions.GUARD_MANAGE);
    if (spec == null) {
      throw ApiException.badRequest("validation_failed", "A route is needed");
    }
    long tenant = spec.tenantId() == null ? caller.tenantId() : spec.tenantId();
    ProxyRoute shaped = shape(0, spec, null, tenant);
    ProxyRoute created = save(caller, shaped, -1);
    audit.record(AuditRecord.success(caller, "guard.proxy_route.create", "guard_proxy_route", created.id(),
        created.code(), null, json.writeValueAsString(created)));
    return created;
  }

  @Transactional
  public ProxyRoute update(Caller caller, long id, RouteSpec spec) {
    caller.require(Permissions.GUARD_MANAGE);
    ProxyRoute before = visible(caller, id);
    if (spec == null) {
      throw ApiException.badRequest("validation_failed", "A route is needed");
    }
    long tenant = spec.tenantId() == null ? before.tenantId() : spec.tenantId();
    ProxyRoute after = save(caller, shape(id, spec, before, tenant), id);
    audit.record(AuditRecord.success(caller, "guard.proxy_route.update", "guard_proxy_route", id, after.code(),
        json.writeValueAsString(before), json.writeValueAsString(after)));
    return after;
  }

  @Transactional
  public void delete(Caller caller, long id) {
    caller.require(Permissions.GUARD_MANAGE);
    ProxyRoute route = visible(caller, id);
    repository.delete(id);
    events.publishEvent(new RouteTable.RoutesChanged());
    audit.record(AuditRecord.success(caller, "guard.proxy_route.delete", "guard_proxy_route", id, route.code(),
        json.writeValueAsString(route), null));
  }

  /** The route when the caller's tenant owns it (or the caller sees every tenant); otherwise 404. */
  ProxyRoute visible(Caller caller, long id) {
    ProxyRoute route = repository.find(id).orElseThrow(() -> ApiException.notFound("guard_proxy_route", id));
    if (!caller.canSeeTenant(route.tenantId())) {
      throw ApiException.notFound("guard_proxy_route", id);
    }
    return route;
  }

  private ProxyRoute save(Caller caller, ProxyRoute route, long exceptId) {
    requireOwner(caller, route);
    CompiledRoute.compile(route, json);
    if (repository.codeTaken(route.code(), exceptId)) {
      throw ApiException.conflict("guard_proxy_route.code_taken", "A proxy route with code " + route.code()
          + " already exists");
    }
    repository.sameMatch(route.host(), route.pathPrefix(), exceptId).ifPresent(other -> {
      String whose = caller.canSeeTenant(other.tenantId()) ? "route " + other.code() : "another tenant's route";
      throw ApiException.invalid("path_prefix", "host " + (route.host() == null ? "(any)" : route.host())
          + " with path prefix " + route.pathPrefix() + " is already served by " + whose);
    });
    var now = clock.instant();
    long id = exceptId < 0 ? repository.insert(route, now) : exceptId;
    if (exceptId >= 0) {
      repository.update(id, route, now);
    }
    events.publishEvent(new RouteTable.RoutesChanged());
    return repository.find(id).orElseThrow();
  }

  private void requireOwner(Caller caller, ProxyRoute route) {
    long tenant = route.tenantId();
    tenancy.requireVisible(caller, tenant, "tenant", tenant);
    if (tenancy.tenantOf(tenant) != tenant) {
      throw ApiException.invalid("tenant_id", "must be a tenant (委办局-level org), not an org inside one");
    }
    if (route.appId() != null) {
      long appId = route.appId();
      long org = repository.appOrg(appId).orElseThrow(() -> ApiException.notFound("app", appId));
      tenancy.requireVisible(caller, org, "app", appId);
      if (tenancy.tenantOf(org) != tenant) {
        throw ApiException.invalid("app_id", "the app belongs to another tenant than the route");
      }
    }
  }

  /** The stored shape of a spec, merged over the route it changes (if any) and with defaults filled in. */
  private static ProxyRoute shape(long id, RouteSpec s, ProxyRoute b, long tenant) {
    String redirectUrl = text(s.redirectUrl(), b == null ? null : b.redirectUrl());
    Long app = s.appId() != null ? (s.appId() == 0 ? null : s.appId()) : b == null ? null : b.appId();
    String host = text(s.host(), b == null ? null : b.host());
    return new ProxyRoute(id,
        s.code() != null ? s.code().strip() : b == null ? null : b.code(),
        s.name() != null ? s.name().strip() : b == null ? null : b.name(),
        s.enabled() != null ? s.enabled() : b == null || b.enabled(),
        tenant, app, host == null ? null : host.toLowerCase(Locale.ROOT),
        s.pathPrefix() != null ? s.pathPrefix().strip() : b == null ? "/" : b.pathPrefix(),
        s.upstreamUrl() != null ? s.upstreamUrl().strip() : b == null ? null : b.upstreamUrl(),
        s.connectTimeoutMs() != null ? s.connectTimeoutMs() : b == null ? 3_000 : b.connectTimeoutMs(),
        s.readTimeoutMs() != null ? s.readTimeoutMs() : b == null ? 60_000 : b.readTimeoutMs(),
        text(s.identityHeader(), b == null ? null : b.identityHeader()),
        text(s.orgHeader(), b == null ? null : b.orgHeader()),
        text(s.uriOverwrite(), b == null ? null : b.uriOverwrite()),
        text(s.rewriteRegex(), b == null ? null : b.rewriteRegex()),
        s.rewriteReplacement() != null ? s.rewriteReplacement() : b == null ? null : b.rewriteReplacement(),
        redirectUrl,
        redirectUrl == null ? null : s.redirectStatus() != null ? s.redirectStatus()
            : b != null && b.redirectStatus() != null ? b.redirectStatus() : 302,
        s.extraction() != null ? s.extraction() : b == null ? ProxyRoute.OPENAI : b.extraction(),
        s.requestPaths() != null ? s.requestPaths() : b == null ? List.of() : b.requestPaths(),
        s.responsePaths() != null ? s.responsePaths() : b == null ? List.of() : b.responsePaths(),
        s.streamPaths() != null ? s.streamPaths() : b == null ? List.of() : b.streamPaths(),
        s.blockNonJson() != null ? s.blockNonJson() : b != null && b.blockNonJson(),
        s.blockedShape() != null ? s.blockedShape() : b == null ? ProxyRoute.OPENAI : b.blockedShape(),
        text(s.blockedTemplate(), b == null ? null : b.blockedTemplate()),
        text(s.blockedPath(), b == null ? null : b.blockedPath()),
        s.blockedStatus() != null ? s.blockedStatus() : b == null ? 200 : b.blockedStatus(),
        null, null);
  }

  /** A given text (stripped; empty clears) or the previous value. */
  private static String text(String given, String previous) {
    if (given == null) {
      return previous;
    }
    return given.isBlank() ? null : given.strip();
  }
}
