package io.jingzhi.server.support;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Agent apps and runs stored directly in their features' tables, for ITs of features that only refer to them
 * (intervention, feedback) and for the authorization matrix.
 */
public final class AgentRows {

  private AgentRows() {}

  /** An app as the apps feature stores it; answers its id. */
  public static long app(JdbcClient jdbc, String code, long project, long tenant, long user) {
    var now = OffsetDateTime.now(ZoneOffset.UTC);
    jdbc.sql("""
        insert into agent_apps (code, name, type, project_id, org_id, tenant_id, sharing, created_by, created_at,
          updated_at, draft_updated_at)
        values (:code, '干预应用', 'assistant', :p, :t, :t, 'private', :u, :now, :now, :now)""")
        .param("code", code).param("p", project).param("t", tenant).param("u", user).param("now", now).update();
    return jdbc.sql("select id from agent_apps where code = :code").param("code", code).query(Long.class).single();
  }

  /** A finished run as the runs feature stores it; answers its id. */
  public static long run(JdbcClient jdbc, long app, String code, long tenant, long user, String query,
      String answer) {
    jdbc.sql("""
        insert into agent_runs (app_id, app_code, version, tenant_id, project_id, user_id, source, status, inputs,
          query, answer, created_at)
        values (:app, :code, 1, :t, 0, :u, 'portal', 'succeeded', '{}', :q, :a, :now)""")
        .param("app", app).param("code", code).param("t", tenant).param("u", user).param("q", query)
        .param("a", answer).param("now", OffsetDateTime.now(ZoneOffset.UTC)).update();
    return jdbc.sql("select max(id) from agent_runs").query(Long.class).single();
  }
}
