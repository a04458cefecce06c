package io.jingzhi.agent.run;

import io.jingzhi.common.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stores conversations; turns are read from the runs that belong to them. */
@Repository
class ConversationRepository {

  private static final String CONV = "select id, app_id, app_code, tenant_id, user_id, api_key_id, end_user, title,"
      + " turns, created_at, updated_at from agent_conversations";

  private final JdbcClient jdbc;

  ConversationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(String id, long appId, String appCode, long tenantId, long userId, Long apiKeyId, String endUser,
      String title, String variables, Instant now) {
    jdbc.sql("""
        insert into agent_conversations (id, app_id, app_code, tenant_id, user_id, api_key_id, end_user, title,
          variables, created_at, updated_at)
        values (:id, :app, :code, :t, :u, :k, :eu, :title, :vars, :now, :now)""")
        .param("id", id).param("app", appId).param("code", appCode).param("t", tenantId).param("u", userId)
        .param("k", apiKeyId).param("eu", RunRepository.cut(endUser, 200)).param("title",
            RunRepository.cut(title, 200)).param("vars", variables).param("now", Sql.ts(now)).update();
  }

  Optional<Conversation> find(String id) {
    return jdbc.sql(CONV + " where id = :id").param("id", id).query(this::map).optional();
  }

  Optional<String> variables(String id) {
    return jdbc.sql("select variables from agent_conversations where id = :id").param("id", id)
        .query(String.class).optional();
  }

  /** After a turn: the variables it left and {@code count} more turns (0 for a turn that paused). */
  void turn(String id, String variables, int count, Instant now) {
    jdbc.sql("update agent_conversations set variables = coalesce(:v, variables), turns = turns + :n,"
        + " updated_at = :now where id = :id").param("v", variables).param("n", count).param("now", Sql.ts(now))
        .param("id", id).update();
  }

  /** The caller's conversations with an app, latest first. */
  List<Conversation> owned(long appId, long userId, Long apiKeyId, int limit) {
    return jdbc.sql(CONV + " where app_id = :app and user_id = :u and "
        + (apiKeyId == null ? "api_key_id is null" : "api_key_id = :k") + " order by updated_at desc limit :l")
        .param("app", appId).param("u", userId).params(apiKeyId == null ? java.util.Map.of()
            : java.util.Map.of("k", apiKeyId)).param("l", limit).query(this::map).list();
  }

  /** The turns, oldest first. */
  List<Conversation.Turn> turns(String id, int limit) {
    List<Conversation.Turn> latest = jdbc.sql("""
        select id, query, answer, status, intervened, created_at from agent_runs
        where conversation_id = :c and parent_run_id is null order by id desc limit :l""")
        .param("c", id).param("l", limit).query((rs, n) -> new Conversation.Turn(rs.getLong("id"),
            rs.getString("query"), rs.getString("answer"), rs.getString("status"), rs.getBoolean("intervened"),
            Sql.instant(rs, "created_at"))).list();
    return latest.reversed();
  }

  private Conversation map(ResultSet rs, int n) throws SQLException {
    return new Conversation(rs.getString("id"), rs.getLong("app_id"), rs.getString("app_code"),
        rs.getLong("tenant_id"), rs.getLong("user_id"), Sql.nullableLong(rs, "api_key_id"), rs.getString("end_user"),
        rs.getString("title"), rs.getInt("turns"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"),
        List.of());
  }
}
