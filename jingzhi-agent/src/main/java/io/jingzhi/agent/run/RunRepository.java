package io.jingzhi.agent.run;

import io.jingzhi.common.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores runs and their traces. State changes are conditional on the current status, so a cancel, a resume and the
 * end of a run cannot cross; a run's end and its trace are written in one transaction.
 */
@Repository
class RunRepository {

  static final String COLUMNS = "id, app_id, app_code, version, tenant_id, project_id, user_id, username,"
      + " api_key_id, source, parent_run_id, conversation_id, status, inputs, query, answer, outputs, error_code,"
      + " error_message, failed_node, prompt_tokens, completion_tokens, intervened, created_at, started_at,"
      + " finished_at, elapsed_ms, waiting_node, form";
  private static final String RUN = "select " + COLUMNS + " from agent_runs";
  private static final String NODE = "select seq, execution_id, node_id, type, title, status, inputs, outputs,"
      + " details, handle, attempts, error_code, error_message, started_at, elapsed_us, prompt_tokens,"
      + " completion_tokens from agent_run_nodes";

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate named;
  private final TransactionTemplate tx;
  private final JsonMapper json;

  RunRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named, TransactionTemplate tx, JsonMapper json) {
    this.jdbc = jdbc;
    this.named = named;
    this.tx = tx;
    this.json = json;
  }

  /** What a run is admitted with. */
  record NewRun(long appId, String appCode, int version, long tenantId, long projectId, long userId, String username,
      Long apiKeyId, String source, Long parentRunId, String conversationId, String inputs, String query) {}

  /** How a run ended or paused; {@code state}, {@code waitingNode} and {@code form} only for waiting runs. */
  record End(String status, String answer, String outputs, String errorCode, String errorMessage, String failedNode,
      int promptTokens, int completionTokens, boolean intervened, long elapsedMs, String state, String waitingNode,
      String form) {}

  /** A trace row as stored (values already JSON, masked and cut). */
  record NodeRow(String executionId, String nodeId, String type, String title, String status, String inputs,
      String outputs, String details, String handle, int attempts, String errorCode, String errorMessage,
      Instant startedAt, long elapsedMicros, int promptTokens, int completionTokens) {}

  long insert(NewRun r, String status, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into agent_runs (app_id, app_code, version, tenant_id, project_id, user_id, username, api_key_id,
          source, parent_run_id, conversation_id, status, inputs, query, created_at)
        values (:app, :code, :v, :t, :p, :u, :un, :k, :src, :parent, :conv, :s, :in, :q, :now)""")
        .param("app", r.appId()).param("code", r.appCode()).param("v", r.version()).param("t", r.tenantId())
        .param("p", r.projectId()).param("u", r.userId()).param("un", r.username()).param("k", r.apiKeyId())
        .param("src", r.source()).param("parent", r.parentRunId()).param("conv", r.conversationId())
        .param("s", status).param("in", r.inputs()).param("q", r.query()).param("now", Sql.ts(now))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  /** queued → running; false when the run was cancelled meanwhile. */
  boolean start(long id, Instant now) {
    return jdbc.sql("update agent_runs set status = 'running', started_at = coalesce(started_at, :now)"
        + " where id = :id and status = 'queued'").param("now", Sql.ts(now)).param("id", id).update() == 1;
  }

  /** waiting → running (a resume); false when it is not waiting (resumed or cancelled by someone else). */
  boolean claimWaiting(long id) {
    return jdbc.sql("update agent_runs set status = 'running' where id = :id and status = 'waiting'")
        .param("id", id).update() == 1;
  }

  /** A queued or waiting run becomes cancelled at once (nothing executes it). */
  boolean cancelIdle(long id, Instant now) {
    return jdbc.sql("""
        update agent_runs set status = 'cancelled', state = null, finished_at = :now, error_code = 'run.cancelled',
          error_message = 'Cancelled'
        where id = :id and status in ('queued', 'waiting')""").param("now", Sql.ts(now)).param("id", id)
        .update() == 1;
  }

  /** Ends the runs of a deleted app that wait for input or a worker (nothing could resume them); how many. */
  int cancelOfDeletedApp(long appId, Instant now) {
    return jdbc.sql("""
        update agent_runs set status = 'cancelled', state = null, finished_at = :now, error_code = 'app.deleted',
          error_message = 'The app was deleted before the run could go on'
        where app_id = :app and status in ('queued', 'waiting')""").param("now", Sql.ts(now)).param("app", appId)
        .update();
  }

  /** Writes the trace rows and the run's end in one transaction. */
  void finish(long id, End e, List<NodeRow> nodes, Instant now) {
    tx.executeWithoutResult(status -> {
      insertNodes(id, nodes);
      jdbc.sql("""
          update agent_runs set status = :s, answer = :a, outputs = :o, error_code = :ec, error_message = :em,
            failed_node = :fn, prompt_tokens = :pt, completion_tokens = :ct, intervened = :iv,
            started_at = coalesce(started_at, :now), finished_at = :fin, elapsed_ms = :el, state = :st,
            waiting_node = :wn, form = :form
          where id = :id""")
          .param("s", e.status()).param("a", e.answer()).param("o", e.outputs()).param("ec", e.errorCode())
          .param("em", cut(e.errorMessage(), 2000)).param("fn", e.failedNode()).param("pt", e.promptTokens())
          .param("ct", e.completionTokens()).param("iv", e.intervened()).param("now", Sql.ts(now))
          .param("fin", Run.WAITING.equals(e.status()) ? null : Sql.ts(now)).param("el", e.elapsedMs())
          .param("st", e.state()).param("wn", e.waitingNode()).param("form", e.form()).param("id", id).update();
    });
  }

  private void insertNodes(long runId, List<NodeRow> nodes) {
    if (nodes.isEmpty()) {
      return;
    }
    int first = jdbc.sql("select coalesce(max(seq), 0) from agent_run_nodes where run_id = :r").param("r", runId)
        .query(Integer.class).single() + 1;
    List<MapSqlParameterSource> batch = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      NodeRow n = nodes.get(i);
      batch.add(new MapSqlParameterSource().addValue("r", runId).addValue("seq", first + i)
          .addValue("x", cut(n.executionId(), 300)).addValue("n", cut(n.nodeId(), 100))
          .addValue("type", cut(n.type(), 64)).addValue("title", cut(n.title(), 200)).addValue("s", n.status())
          .addValue("in", n.inputs()).addValue("out", n.outputs()).addValue("d", n.details())
          .addValue("h", cut(n.handle(), 100)).addValue("a", n.attempts()).addValue("ec", cut(n.errorCode(), 100))
          .addValue("em", cut(n.errorMessage(), 2000)).addValue("at", Sql.ts(n.startedAt()))
          .addValue("us", n.elapsedMicros()).addValue("pt", n.promptTokens()).addValue("ct", n.completionTokens()));
    }
    named.batchUpdate("""
        insert into agent_run_nodes (run_id, seq, execution_id, node_id, type, title, status, inputs, outputs,
          details, handle, attempts, error_code, error_message, started_at, elapsed_us, prompt_tokens,
          completion_tokens)
        values (:r, :seq, :x, :n, :type, :title, :s, :in, :out, :d, :h, :a, :ec, :em, :at, :us, :pt, :ct)""",
        batch.toArray(MapSqlParameterSource[]::new));
  }

  Optional<Run> find(long id) {
    return jdbc.sql(RUN + " where id = :id").param("id", id).query(this::map).optional()
        .map(r -> r.withNodes(nodes(id)));
  }

  /** The engine's snapshot of a waiting run. */
  Optional<String> state(long id) {
    return jdbc.sql("select state from agent_runs where id = :id").param("id", id).query(String.class).optional();
  }

  /**
   * The latest runs of an app, newest first, with their traces.
   *
   * @param userId only this user's own runs (without a key), or null
   * @param apiKeyId only runs made with this key, or null
   */
  List<Run> latest(long appId, Long userId, Long apiKeyId, String status, Long before, int limit) {
    StringBuilder sql = new StringBuilder(RUN + " where app_id = :app");
    Map<String, Object> p = new HashMap<>();
    p.put("app", appId);
    if (apiKeyId != null) {
      sql.append(" and api_key_id = :k");
      p.put("k", apiKeyId);
    } else if (userId != null) {
      sql.append(" and user_id = :u and api_key_id is null");
      p.put("u", userId);
    }
    if (status != null) {
      sql.append(" and status = :s");
      p.put("s", status);
    }
    if (before != null) {
      sql.append(" and id < :b");
      p.put("b", before);
    }
    sql.append(" order by id desc limit :l");
    p.put("l", limit);
    List<Run> runs = jdbc.sql(sql.toString()).params(p).query(this::map).list();
    if (runs.isEmpty()) {
      return runs;
    }
    Map<Long, List<Run.Node>> traces = new HashMap<>();
    jdbc.sql(NODE.replace("select seq", "select run_id, seq") + " where run_id in (:ids) order by run_id, seq")
        .param("ids", runs.stream().map(Run::id).toList())
        .query((rs, n) -> Map.entry(rs.getLong("run_id"), mapNode(rs, n))).list()
        .forEach(e -> traces.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return runs.stream().map(r -> r.withNodes(traces.getOrDefault(r.id(), List.of()))).toList();
  }

  /** Runs a stop left unfinished fail: nothing executes them any more. Waiting runs keep waiting (state in DB). */
  int failInterrupted(Instant now) {
    return jdbc.sql("""
        update agent_runs set status = 'failed', error_code = 'run.interrupted',
          error_message = 'The server stopped while the run was executing', finished_at = :now
        where status in ('queued', 'running')""").param("now", Sql.ts(now)).update();
  }

  List<Run.Node> nodes(long runId) {
    return jdbc.sql(NODE + " where run_id = :r order by seq").param("r", runId).query(this::mapNode).list();
  }

  private Run map(ResultSet rs, int n) throws SQLException {
    String errorCode = rs.getString("error_code");
    String waitingNode = rs.getString("waiting_node");
    return new Run(rs.getLong("id"), rs.getLong("app_id"), rs.getString("app_code"), rs.getInt("version"),
        rs.getLong("tenant_id"), rs.getLong("project_id"), rs.getLong("user_id"), rs.getString("username"),
        Sql.nullableLong(rs, "api_key_id"), rs.getString("source"), Sql.nullableLong(rs, "parent_run_id"),
        rs.getString("conversation_id"), rs.getString("status"), tree(rs.getString("inputs")), rs.getString("query"),
        rs.getString("answer"), tree(rs.getString("outputs")),
        Run.Usage.of(rs.getInt("prompt_tokens"), rs.getInt("completion_tokens")),
        errorCode == null ? null : new Run.Failure(errorCode, rs.getString("error_message")),
        rs.getString("failed_node"), rs.getBoolean("intervened"), Sql.instant(rs, "created_at"),
        Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"), Sql.nullableLong(rs, "elapsed_ms"),
        waitingNode == null ? null : new Run.Waiting(waitingNode, tree(rs.getString("form"))), List.of());
  }

  private Run.Node mapNode(ResultSet rs, int n) throws SQLException {
    String errorCode = rs.getString("error_code");
    long us = rs.getLong("elapsed_us");
    return new Run.Node(rs.getInt("seq"), rs.getString("execution_id"), rs.getString("node_id"), rs.getString("type"),
        rs.getString("title"), rs.getString("status"), tree(rs.getString("inputs")), tree(rs.getString("outputs")),
        tree(rs.getString("details")), rs.getString("handle"), rs.getInt("attempts"),
        errorCode == null ? null : new Run.Failure(errorCode, rs.getString("error_message")),
        Sql.instant(rs, "started_at"), us, us / 1000, Run.Usage.of(rs.getInt("prompt_tokens"),
            rs.getInt("completion_tokens")));
  }

  private JsonNode tree(String text) {
    return text == null ? null : json.readTree(text);
  }

  static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
