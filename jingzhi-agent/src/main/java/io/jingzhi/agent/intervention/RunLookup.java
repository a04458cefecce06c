package io.jingzhi.agent.intervention;

import io.jingzhi.agent.AgentException;
import io.jingzhi.common.db.Sql;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The run feedback is given on, read from {@code agent_runs} (the runs feature's table). Who may rate a run: the
 * user it ran for, the API key it ran under, and editors ({@code agent:write}) of its tenant; anyone else gets 404.
 */
@Component
class RunLookup {

  /** What feedback keeps of a run. */
  record Run(long id, long appId, long tenantId, long userId, Long apiKeyId, String query, String answer) {}

  private final JdbcClient jdbc;

  RunLookup(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Run rateable(Caller caller, long runId) {
    Run run = jdbc.sql("""
        select id, app_id, tenant_id, user_id, api_key_id, query, answer from agent_runs where id = :id""")
        .param("id", runId)
        .query((rs, n) -> new Run(rs.getLong("id"), rs.getLong("app_id"), rs.getLong("tenant_id"),
            rs.getLong("user_id"), Sql.nullableLong(rs, "api_key_id"), rs.getString("query"), rs.getString("answer")))
        .optional().orElse(null);
    if (run == null || !caller.canSeeTenant(run.tenantId()) || !mayRate(caller, run)) {
      throw new AgentException(HttpStatus.NOT_FOUND, "run.not_found", "No run " + runId);
    }
    return run;
  }

  private static boolean mayRate(Caller caller, Run run) {
    if (caller.authType() == Caller.AuthType.API_KEY) {
      return caller.apiKeyId() != null && caller.apiKeyId().equals(run.apiKeyId());
    }
    return caller.userId() == run.userId() || caller.can(Permissions.AGENT_WRITE) || caller.platformScope();
  }
}
