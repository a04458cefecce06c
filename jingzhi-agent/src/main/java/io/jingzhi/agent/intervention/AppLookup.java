package io.jingzhi.agent.intervention;

import io.jingzhi.agent.AgentException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The app an intervention request is about, read from {@code agent_apps} (the apps feature's table) and checked for
 * the caller: another tenant's app answers 404 like a missing one; reading needs {@code agent:read}, changing
 * {@code agent:write}.
 */
@Component
class AppLookup {

  /** An app as intervention needs it. */
  record App(long id, String code, long tenantId, long projectId, long orgId) {}

  private final JdbcClient jdbc;

  AppLookup(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<App> byId(long id) {
    return jdbc.sql("select id, code, tenant_id, project_id, org_id from agent_apps where id = :id").param("id", id)
        .query((rs, n) -> new App(rs.getLong("id"), rs.getString("code"), rs.getLong("tenant_id"),
            rs.getLong("project_id"), rs.getLong("org_id"))).optional();
  }

  App readable(Caller caller, String code) {
    caller.require(Permissions.AGENT_READ);
    return visible(caller, code);
  }

  App writable(Caller caller, String code) {
    caller.require(Permissions.AGENT_WRITE);
    return visible(caller, code);
  }

  private App visible(Caller caller, String code) {
    return jdbc.sql("select id, code, tenant_id, project_id, org_id from agent_apps where code = :code")
        .param("code", code)
        .query((rs, n) -> new App(rs.getLong("id"), rs.getString("code"), rs.getLong("tenant_id"),
            rs.getLong("project_id"), rs.getLong("org_id"))).optional()
        .filter(a -> caller.canSeeTenant(a.tenantId()))
        .orElseThrow(() -> new AgentException(HttpStatus.NOT_FOUND, "app.not_found", "No app " + code));
  }
}
