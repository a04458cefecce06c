package io.jingzhi.agent.run;

import io.jingzhi.agent.AgentCallers;
import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.app.AppDefinitions;
import io.jingzhi.agent.app.AppDefinitions.RunnableApp;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who may see which runs. An API key sees only the runs made with it. A user sees their own runs, and every run of an
 * app they may edit (its builders debug and review it). Another tenant's run, or one the caller may not see, is 404:
 * its existence is not revealed.
 */
@Component
class RunAccess {

  private final RunRepository runs;
  private final AppDefinitions apps;

  RunAccess(RunRepository runs, AppDefinitions apps) {
    this.runs = runs;
    this.apps = apps;
  }

  /** The apps a caller reads runs of, and whose runs: all (editors) or only their own. */
  record AppScope(RunnableApp app, boolean all) {}

  Run readable(Caller caller, long runId) {
    requireRunPermission(caller);
    Run run = runs.find(runId).filter(r -> caller.canSeeTenant(r.tenantId())).orElseThrow(() -> notFound(runId));
    if (caller.authType() == Caller.AuthType.API_KEY) {
      if (caller.apiKeyId() == null || !caller.apiKeyId().equals(run.apiKeyId())) {
        throw notFound(runId);
      }
      return run;
    }
    boolean own = run.userId() == caller.userId() && run.apiKeyId() == null;
    if (own || caller.platformScope() || mayEdit(caller, run.appCode())) {
      return run;
    }
    throw notFound(runId);
  }

  /** The app for reading its runs or stats: editors see all runs, other callers their own. */
  AppScope app(Caller caller, String code) {
    requireRunPermission(caller);
    if (caller.authType() == Caller.AuthType.USER && caller.can(Permissions.AGENT_WRITE)) {
      try {
        return new AppScope(apps.runnable(caller, code, 0), true);
      } catch (ApiException notEditor) {
        // fall through: maybe a user of the published app
      }
    }
    return new AppScope(apps.runnable(caller, code, null), false);
  }

  /** The app's runs for its editors only (stats, debug). */
  RunnableApp editable(Caller caller, String code) {
    AgentCallers.user(caller);
    caller.require(Permissions.AGENT_WRITE);
    return apps.runnable(caller, code, 0);
  }

  boolean mayEdit(Caller caller, String code) {
    if (!AgentCallers.isUser(caller) || !caller.can(Permissions.AGENT_WRITE)) {
      return false;
    }
    try {
      apps.runnable(caller, code, 0);
      return true;
    } catch (ApiException e) {
      return false;
    }
  }

  private static void requireRunPermission(Caller caller) {
    if (!caller.can(Permissions.AGENT_READ) && !caller.can(Permissions.AGENT_INVOKE)) {
      caller.require(Permissions.AGENT_READ);
    }
  }

  static AgentException notFound(Object id) {
    return new AgentException(HttpStatus.NOT_FOUND, "run.not_found", "Run " + id + " does not exist");
  }
}
