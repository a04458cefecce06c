package io.jingzhi.agent.app;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * What the run side needs of apps: an app with the definition to run, checked for the caller, and the apps a
 * caller may use (for {@code /v1/models}).
 */
@Service
public class AppDefinitions {

  private final AppAccess access;
  private final AppRepository apps;
  private final AppVersions versions;
  private final DefinitionCodec codec;
  private final EnvironmentSecrets secrets;

  public AppDefinitions(AppAccess access, AppRepository apps, AppVersions versions, DefinitionCodec codec,
      EnvironmentSecrets secrets) {
    this.access = access;
    this.apps = apps;
    this.versions = versions;
    this.codec = codec;
    this.secrets = secrets;
  }

  /**
   * An app resolved for running.
   *
   * @param version the version number; 0 for the draft
   * @param environment the environment variables with secrets decrypted
   */
  public record RunnableApp(long appId, String code, String name, String type, long projectId, long orgId,
      long tenantId, int version, WorkflowDefinition definition, Map<String, Object> environment) {}

  /** An app as listed for a caller. */
  public record UsableApp(long appId, String code, String name, String type, String description) {}

  /**
   * The app to run: {@code version} null means the latest published version (404 {@code app.not_published} when
   * there is none), 0 means the draft (only for callers who may edit the app), n a published version. Refuses
   * with 404 an app of another tenant the caller may not see, 403 {@code app.forbidden} an API key whose scopes
   * do not include {@code app/<code>}.
   */
  public RunnableApp runnable(Caller caller, String code, Integer version) {
    App app = access.runnable(caller, code);
    int n;
    if (version == null) {
      if (!app.published()) {
        throw new AgentException(HttpStatus.NOT_FOUND, "app.not_published", "App " + code + " has no published"
            + " version yet");
      }
      n = app.publishedVersion();
    } else if (version == AppVersion.DRAFT) {
      if (!access.mayEdit(caller, app)) {
        throw ApiException.forbidden("app.draft_forbidden", "Only the builders of " + code + " may run its draft");
      }
      n = 0;
    } else {
      n = version;
    }
    AppVersion v = versions.find(app.id(), n)
        .orElseThrow(() -> ApiException.notFound("app_version", code + "@" + version));
    // Secrets stay sealed in the definition; the run gets them decrypted through the environment only.
    WorkflowDefinition stored = codec.definition(v.definition());
    return new RunnableApp(app.id(), app.code(), app.name(), app.type(), app.projectId(), app.orgId(),
        app.tenantId(), n, stored, secrets.decrypt(stored));
  }

  /** Published apps the caller may run. */
  public List<UsableApp> usable(Caller caller) {
    if (!caller.can(Permissions.AGENT_INVOKE)) {
      return List.of();
    }
    return apps.candidates(caller.platformScope() ? null : caller.tenantId(), true, null).stream()
        .filter(a -> access.mayRead(caller, a) && access.keyAllows(caller, a))
        .map(a -> new UsableApp(a.id(), a.code(), a.name(), a.type(), a.description())).toList();
  }

  /** Counts one use of the app (a run started) for the catalog. */
  public void used(long appId) {
    apps.count(appId, AppRepository.Counter.USES);
  }
}
