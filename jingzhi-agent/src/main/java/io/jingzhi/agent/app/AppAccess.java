package io.jingzhi.agent.app;

import io.jingzhi.agent.AgentCallers;
import io.jingzhi.agent.AgentException;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.ApiKeyGrants;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.ProjectDirectory;
import io.jingzhi.iam.api.ProjectDirectory.ProjectRef;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The sharing rules of apps, mirroring knowledge bases. An app belongs to its project's org. Its owners — the
 * platform administrators and, within the tenant, the owning org, the orgs below it and the orgs above it (up to
 * the 委办局 itself) — always read it and change it with {@code agent:write}. Sharing widens reading and running:
 * {@code private} stays with the owners, {@code org} reaches the whole tenant, {@code global} every tenant. An API
 * key reads nothing but may run (and list) the published apps its grant names ({@code app/<code>}). An app the
 * caller may not read answers 404; one it may read but not change, 403.
 */
@Component
public class AppAccess {

  private final AppRepository apps;
  private final ProjectDirectory directory;
  private final ApiKeyGrants grants;

  public AppAccess(AppRepository apps, ProjectDirectory directory, ApiKeyGrants grants) {
    this.apps = apps;
    this.directory = directory;
    this.grants = grants;
  }

  /** The app, when a signed-in caller may read it ({@code agent:read}). */
  public App readable(Caller caller, String code) {
    caller.require(Permissions.AGENT_READ);
    App app = apps.findByCode(code).orElseThrow(() -> notFound(code));
    if (!mayRead(caller, app)) {
      throw notFound(code);
    }
    return decorate(caller, app);
  }

  /** The app, when the caller may change it ({@code agent:write} and one of its owners). */
  public App writable(Caller caller, String code) {
    caller.require(Permissions.AGENT_WRITE);
    App app = apps.findByCode(code).orElseThrow(() -> notFound(code));
    if (!mayRead(caller, app)) {
      throw notFound(code);
    }
    if (!owns(caller, app.orgId(), app.tenantId())) {
      throw ApiException.forbidden("app.read_only", "App " + app.code() + " is shared with you for use only");
    }
    return decorate(caller, app);
  }

  /**
   * The app, when the caller may run it: {@code agent:invoke}, readable by sharing, and for an API key a grant that
   * names {@code app/<code>} (403 {@code app.forbidden} otherwise).
   */
  public App runnable(Caller caller, String code) {
    caller.require(Permissions.AGENT_INVOKE);
    App app = apps.findByCode(code).orElseThrow(() -> notFound(code));
    if (!mayRead(caller, app)) {
      throw notFound(code);
    }
    if (!keyAllows(caller, app)) {
      throw new AgentException(HttpStatus.FORBIDDEN, "app.forbidden",
          "This API key may not use " + app.model() + "; add it to the key's models");
    }
    return app;
  }

  /** The project, when the caller may build apps in it ({@code agent:write} in its org or above or below). */
  public ProjectRef writableProject(Caller caller, String code) {
    caller.require(Permissions.AGENT_WRITE);
    if (code == null || code.isBlank()) {
      throw ApiException.invalid("project", "required: the code of the owning project");
    }
    ProjectRef project = directory.byCode(code.strip()).orElseThrow(() -> ApiException.notFound("project", code));
    if (!caller.canSeeTenant(project.tenantId())) {
      throw ApiException.notFound("project", code);
    }
    if (!owns(caller, project.orgId(), project.tenantId())) {
      throw ApiException.forbidden("project.not_yours",
          "Apps of project " + project.code() + " are built by its org and the orgs above or below it");
    }
    return project;
  }

  public boolean mayRead(Caller caller, App app) {
    if (owns(caller, app.orgId(), app.tenantId())) {
      return true;
    }
    return switch (app.sharing()) {
      case "global" -> true;
      case "org" -> caller.tenantId() == app.tenantId();
      default -> false;
    };
  }

  public boolean mayEdit(Caller caller, App app) {
    return AgentCallers.isUser(caller) && caller.can(Permissions.AGENT_WRITE)
        && owns(caller, app.orgId(), app.tenantId());
  }

  /** True unless the caller is an API key whose grant does not name the app. */
  public boolean keyAllows(Caller caller, App app) {
    if (caller.authType() != Caller.AuthType.API_KEY) {
      return true;
    }
    return grants.of(caller).map(g -> g.allowsModel(app.model())).orElse(false);
  }

  /** Owners: platform administrators; within the tenant, the owning org and the orgs above and below it. */
  boolean owns(Caller caller, long orgId, long tenantId) {
    if (caller.platformScope()) {
      return true;
    }
    if (caller.tenantId() != tenantId) {
      return false;
    }
    return caller.orgId() == tenantId || directory.within(caller.orgId(), orgId)
        || directory.within(orgId, caller.orgId());
  }

  private App decorate(Caller caller, App app) {
    return app.forCaller(false, mayEdit(caller, app));
  }

  public static ApiException notFound(String code) {
    return ApiException.notFound("app", code);
  }
}
