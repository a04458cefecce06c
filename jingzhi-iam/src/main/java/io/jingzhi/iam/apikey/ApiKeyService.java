package io.jingzhi.iam.apikey;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.IamEvents;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.audit.AuditJson;
import io.jingzhi.iam.project.App;
import io.jingzhi.iam.project.ProjectRepository;
import io.jingzhi.iam.project.ProjectService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues, lists and revokes the API keys of apps. */
@Service
public class ApiKeyService implements ProjectService.ActiveKeys {

  private final ApiKeyRepository keys;
  private final ProjectRepository projects;
  private final ProjectService projectService;
  private final AuditLog audit;
  private final AuditJson auditJson;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public ApiKeyService(ApiKeyRepository keys, ProjectRepository projects, @org.springframework.context.annotation.Lazy
      ProjectService projectService, AuditLog audit, AuditJson auditJson, ApplicationEventPublisher events,
      Clock clock) {
    this.keys = keys;
    this.projects = projects;
    this.projectService = projectService;
    this.audit = audit;
    this.auditJson = auditJson;
    this.events = events;
    this.clock = clock;
  }

  /** What a new key is allowed to do. */
  public record NewKey(String name, List<String> models, ApiKey.Limits limits, Instant expiresAt) {}

  @Override
  public long count(long appId) {
    return keys.activeCount(appId, clock.instant());
  }

  public List<ApiKeyView> list(Caller caller, long projectId, long appId) {
    caller.require(Permissions.APIKEY_READ);
    projectService.visibleApp(caller, projectId, appId);
    Instant now = clock.instant();
    return keys.byApp(appId).stream().map(k -> ApiKeyView.of(k, now, null)).toList();
  }

  public ApiKeyView get(Caller caller, long keyId) {
    caller.require(Permissions.APIKEY_READ);
    return ApiKeyView.of(visibleKey(caller, keyId), clock.instant(), null);
  }

  @Transactional
  public ApiKeyView create(Caller caller, long projectId, long appId, NewKey n) {
    caller.require(Permissions.APIKEY_WRITE);
    App app = projectService.visibleApp(caller, projectId, appId);
    if (n.expiresAt() != null && !n.expiresAt().isAfter(clock.instant())) {
      throw ApiException.invalid("expires_at", "must be in the future");
    }
    String secret = ApiKeySecrets.generate();
    ApiKey key = insert(app.id(), n, secret, caller.userId());
    ApiKeyView view = ApiKeyView.of(key, clock.instant(), null);
    audit.record(AuditRecord.success(caller, "apikey.create", "api_key", key.id(), app.code() + "/" + n.name(), null,
        auditJson.of(view)));
    return ApiKeyView.of(key, clock.instant(), secret);
  }

  /** Stores a key whose secret is given (bootstrap automation) or generated; no caller, no permission check. */
  @Transactional
  public ApiKey insert(long appId, NewKey n, String secret, Long createdBy) {
    String hash = ApiKeySecrets.hash(secret);
    if (keys.findByHash(hash).isPresent()) {
      throw ApiException.conflict("apikey.duplicate", "This key value is already in use");
    }
    List<String> models = n.models() == null ? List.of() : List.copyOf(n.models());
    long id = keys.insert(appId, n.name(), ApiKeySecrets.visiblePrefix(secret), hash, models,
        n.limits() == null ? ApiKey.Limits.NONE : n.limits(), n.expiresAt(), createdBy, clock.instant());
    return keys.find(id).orElseThrow();
  }

  @Transactional
  public ApiKeyView revoke(Caller caller, long keyId) {
    caller.require(Permissions.APIKEY_WRITE);
    ApiKey before = visibleKey(caller, keyId);
    if (before.revokedAt() == null) {
      keys.revoke(keyId, clock.instant());
      events.publishEvent(new IamEvents.ApiKeyRevoked(keyId, before.keyHash()));
    }
    ApiKey after = keys.find(keyId).orElseThrow();
    audit.record(AuditRecord.success(caller, "apikey.revoke", "api_key", keyId, before.name(),
        auditJson.of(ApiKeyView.of(before, clock.instant(), null)),
        auditJson.of(ApiKeyView.of(after, clock.instant(), null))));
    return ApiKeyView.of(after, clock.instant(), null);
  }

  private ApiKey visibleKey(Caller caller, long keyId) {
    ApiKey key = keys.find(keyId).orElseThrow(() -> ApiException.notFound("api_key", keyId));
    App app = projects.app(key.appId()).orElseThrow(() -> ApiException.notFound("api_key", keyId));
    try {
      projectService.visibleApp(caller, app.projectId(), app.id());
    } catch (ApiException e) {
      throw ApiException.notFound("api_key", keyId);
    }
    return key;
  }
}
