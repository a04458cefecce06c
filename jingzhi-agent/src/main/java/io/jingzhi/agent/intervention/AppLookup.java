package io.jingzhi.agent.intervention;

import io.jingzhi.agent.app.AppAccess;
import io.jingzhi.iam.api.Caller;
import org.springframework.stereotype.Component;

/**
 * The app an intervention request is about, under the apps feature's own rules ({@link AppAccess}): its readers
 * (owners and those it is shared with, {@code agent:read}) see its intervention, its owners change it
 * ({@code agent:write}); an app the caller may not read answers 404 like a missing one, a shared one it may not
 * change 403.
 */
@Component
class AppLookup {

  /** An app as intervention needs it. */
  record App(long id, String code, long tenantId, long projectId, long orgId) {}

  private final AppAccess access;

  AppLookup(AppAccess access) {
    this.access = access;
  }

  App readable(Caller caller, String code) {
    return of(access.readable(caller, code));
  }

  App writable(Caller caller, String code) {
    return of(access.writable(caller, code));
  }

  private static App of(io.jingzhi.agent.app.App app) {
    return new App(app.id(), app.code(), app.tenantId(), app.projectId(), app.orgId());
  }
}
