package io.jingzhi.guard.event;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;

/**
 * Who may read guard events and what is derived from them (statistics, risk profiles, alerts, blocks): holders of
 * {@code guard:manage} (the security administrator, and tenant roles given it) and the audit administrator
 * ({@code audit:read}). Platform administrators see every tenant; everybody else only their own.
 */
public final class EventAccess {

  private EventAccess() {}

  public static void requireReader(Caller caller) {
    if (!caller.can(Permissions.GUARD_MANAGE) && !caller.can(Permissions.AUDIT_READ)) {
      throw ApiException.forbidden("permission_denied",
          "Reading guard events needs the permission " + Permissions.GUARD_MANAGE + " or " + Permissions.AUDIT_READ);
    }
  }

  /** The tenant a query is confined to: null (all) for platform administrators, else the caller's own. */
  public static Long scope(Caller caller, Long requested) {
    if (caller.platformScope()) {
      return requested;
    }
    // Another tenant's events look like no events at all; an impossible id keeps the query simple.
    return requested != null && requested != caller.tenantId() ? Long.valueOf(-1) : Long.valueOf(caller.tenantId());
  }
}
