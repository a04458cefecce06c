package io.jingzhi.iam.api;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.apikey.ApiKey;
import io.jingzhi.iam.apikey.ApiKeyService;
import io.jingzhi.iam.apikey.ApiKeyView;
import io.jingzhi.iam.project.App;
import io.jingzhi.iam.project.ProjectRepository;
import io.jingzhi.iam.project.ProjectService;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys for one model name, for modules that publish something callable as a model (an agent app is model
 * {@code app/<code>}). A key belongs to an IAM app of the project; this facade uses the IAM app with the same code,
 * creating it on the first key. Keys are issued by the key service: shown once, stored hashed, audited, and
 * subject to the caller's {@code apikey:*} and {@code app:write} permissions.
 */
@Component
public class AppKeys {

  private final ProjectRepository projects;
  private final ProjectService projectService;
  private final ApiKeyService keys;

  public AppKeys(ProjectRepository projects, ProjectService projectService, ApiKeyService keys) {
    this.projects = projects;
    this.projectService = projectService;
    this.keys = keys;
  }

  /** A key as shown; {@code key} is the secret, present only in the answer that created it. */
  public record Key(long id, long appId, String name, String prefix, List<String> models, Integer rpm,
      Integer concurrency, Instant expiresAt, Instant revokedAt, String status, Instant lastUsedAt,
      Instant createdAt, String key) {

    static Key of(ApiKeyView v) {
      return new Key(v.id(), v.appId(), v.name(), v.prefix(), v.models(), v.limits() == null ? null
          : v.limits().rpm(), v.limits() == null ? null : v.limits().concurrency(), v.expiresAt(), v.revokedAt(),
          v.status(), v.lastUsedAt(), v.createdAt(), v.key());
    }
  }

  /** The keys of the IAM app {@code appCode} of the project (none while it has none). */
  public List<Key> list(Caller caller, long projectId, String appCode) {
    Optional<App> app = iamApp(projectId, appCode);
    if (app.isEmpty()) {
      caller.require(Permissions.APIKEY_READ);
      projectService.visibleProject(caller, projectId);
      return List.of();
    }
    return keys.list(caller, projectId, app.get().id()).stream().map(Key::of).toList();
  }

  /** A new key allowed exactly {@code model}, under the IAM app {@code appCode} (created when missing). */
  @Transactional
  public Key create(Caller caller, long projectId, String appCode, String appName, String keyName, String model,
      Integer rpm, Integer concurrency, Instant expiresAt) {
    caller.require(Permissions.APIKEY_WRITE);
    App app = iamApp(projectId, appCode).orElseGet(() -> projectService.createApp(caller, projectId, appCode,
        appName, "Keys of " + model));
    var limits = new ApiKey.Limits(rpm, null, concurrency);
    return Key.of(keys.create(caller, projectId, app.id(), new ApiKeyService.NewKey(keyName, List.of(model), limits,
        expiresAt)));
  }

  private Optional<App> iamApp(long projectId, String code) {
    Optional<App> app = projects.appByCode(code);
    if (app.isPresent() && app.get().projectId() != projectId) {
      throw ApiException.conflict("app.iam_code_taken", "The code " + code + " is used by an app of another"
          + " project; keys cannot be issued under it");
    }
    return app;
  }
}
