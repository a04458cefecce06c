package io.jingzhi.guard.eval;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Evaluation jobs; the uploaded set, the report and the per-row outcomes are stored as text. */
@Repository
class EvaluationRepository {

  private static final TypeReference<List<EvalOutcome>> OUTCOMES = new TypeReference<>() {};
  private static final String COLUMNS = "id, tenant_id, name, direction, status, progress, total_rows,"
      + " processed_rows, error, report, created_by, created_by_name, created_at, started_at, finished_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  EvaluationRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  long insert(long tenantId, String name, String direction, int rows, String dataset, long userId, String userName,
      Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into guard_evaluations (tenant_id, name, direction, status, progress, total_rows, processed_rows,
          dataset, created_by, created_by_name, created_at)
        values (:tenant, :name, :direction, 'queued', 0, :rows, 0, :dataset, :user, :userName, :now)""")
        .param("tenant", tenantId).param("name", name).param("direction", direction).param("rows", rows)
        .param("dataset", dataset).param("user", userId).param("userName", userName).param("now", Sql.ts(now))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  Optional<Evaluation> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from guard_evaluations where id = :id").param("id", id)
        .query((rs, n) -> row(rs, true)).optional();
  }

  /** Newest first, without reports; {@code tenantId} null lists every tenant. */
  PageResult<Evaluation> page(Long tenantId, PageQuery page) {
    String where = tenantId == null ? "" : " where tenant_id = :tenant";
    var count = jdbc.sql("select count(*) from guard_evaluations" + where);
    var items = jdbc.sql("select " + COLUMNS + " from guard_evaluations" + where
        + " order by id desc limit :limit offset :offset");
    if (tenantId != null) {
      count = count.param("tenant", tenantId);
      items = items.param("tenant", tenantId);
    }
    long total = count.query(Long.class).single();
    List<Evaluation> list = items.param("limit", page.size()).param("offset", page.offset())
        .query((rs, n) -> row(rs, false)).list();
    return new PageResult<>(list, total, page.page(), page.size());
  }

  String dataset(long id) {
    return jdbc.sql("select dataset from guard_evaluations where id = :id").param("id", id).query(String.class)
        .single();
  }

  List<EvalOutcome> outcomes(long id) {
    String text = jdbc.sql("select outcomes from guard_evaluations where id = :id").param("id", id)
        .query(String.class).optional().orElse(null);
    return text == null ? List.of() : json.readValue(text, OUTCOMES);
  }

  String status(long id) {
    return jdbc.sql("select status from guard_evaluations where id = :id").param("id", id).query(String.class)
        .optional().orElse(null);
  }

  /** Moves a queued job to running; false when it is no longer queued (cancelled meanwhile). */
  boolean start(long id, Instant now) {
    return jdbc.sql("update guard_evaluations set status = 'running', started_at = :now where id = :id"
        + " and status = 'queued'").param("now", Sql.ts(now)).param("id", id).update() == 1;
  }

  void progress(long id, int processed, double progress) {
    jdbc.sql("update guard_evaluations set processed_rows = :p, progress = :progress where id = :id"
        + " and status = 'running'").param("p", processed).param("progress", progress).param("id", id).update();
  }

  /** Ends a job unless it was cancelled meanwhile (a cancel always wins). */
  void finish(long id, String status, String error, int processed, double progress, EvalSummary report,
      List<EvalOutcome> outcomes, Instant now) {
    jdbc.sql("""
        update guard_evaluations set status = :status, error = :error, processed_rows = :p, progress = :progress,
          report = :report, outcomes = :outcomes, finished_at = :now
        where id = :id and status in ('queued', 'running')""")
        .param("status", status).param("error", error == null ? null : cut(error, 2000)).param("p", processed)
        .param("progress", progress).param("report", report == null ? null : json.writeValueAsString(report))
        .param("outcomes", outcomes == null ? null : json.writeValueAsString(outcomes)).param("now", Sql.ts(now))
        .param("id", id).update();
  }

  boolean cancel(long id, Instant now) {
    return jdbc.sql("update guard_evaluations set status = 'cancelled', finished_at = :now where id = :id"
        + " and status in ('queued', 'running')").param("now", Sql.ts(now)).param("id", id).update() == 1;
  }

  int failUnfinished(String reason, Instant now) {
    return jdbc.sql("update guard_evaluations set status = 'failed', error = :reason, finished_at = :now"
        + " where status in ('queued', 'running')").param("reason", reason).param("now", Sql.ts(now)).update();
  }

  private Evaluation row(ResultSet rs, boolean withReport) throws SQLException {
    String report = withReport ? rs.getString("report") : null;
    return new Evaluation(rs.getLong("id"), Sql.nullableLong(rs, "tenant_id"), rs.getString("name"),
        rs.getString("direction"), rs.getString("status"), rs.getDouble("progress"), rs.getInt("total_rows"),
        rs.getInt("processed_rows"), rs.getString("error"),
        report == null ? null : json.readValue(report, EvalSummary.class), rs.getLong("created_by"),
        rs.getString("created_by_name"), Sql.instant(rs, "created_at"), Sql.instant(rs, "started_at"),
        Sql.instant(rs, "finished_at"));
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
