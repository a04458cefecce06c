package io.jingzhi.gateway.benchmark;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Benchmark runs; config, results and timeline are stored as JSON text. */
@Repository
class BenchmarkRepository {

  private static final TypeReference<List<TimelinePoint>> POINTS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  BenchmarkRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  long insert(BenchmarkConfig config, long tenantId, long userId, String userName, Long retryOf, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into gw_benchmarks (name, model, mode, status, progress, config, tenant_id, created_by,
          created_by_name, retry_of, created_at)
        values (:name, :model, :mode, 'queued', 0, :config, :tenant, :user, :userName, :retryOf, :now)""")
        .param("name", config.name()).param("model", config.model()).param("mode", config.mode())
        .param("config", json.writeValueAsString(config)).param("tenant", tenantId).param("user", userId)
        .param("userName", userName).param("retryOf", retryOf).param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  Optional<Benchmark> find(long id) {
    return jdbc.sql("select * from gw_benchmarks where id = :id").param("id", id).query(this::row).optional();
  }

  /** Newest first; {@code tenantId} null lists every tenant. */
  PageResult<Benchmark> page(Long tenantId, String model, String status, PageQuery page) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    Map<String, Object> params = new HashMap<>();
    if (tenantId != null) {
      where.append(" and tenant_id = :tenant");
      params.put("tenant", tenantId);
    }
    if (model != null) {
      where.append(" and model = :model");
      params.put("model", model);
    }
    if (status != null) {
      where.append(" and status = :status");
      params.put("status", status);
    }
    long total = jdbc.sql("select count(*) from gw_benchmarks" + where).params(params).query(Long.class).single();
    List<Benchmark> items = jdbc.sql("select id, name, model, mode, status, progress, error, config, results,"
            + " null as timeline, tenant_id, created_by, created_by_name, retry_of, created_at, started_at,"
            + " finished_at from gw_benchmarks" + where + " order by id desc limit :limit offset :offset")
        .params(params).param("limit", page.size()).param("offset", page.offset()).query(this::row).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  /** Moves a queued run to running; false when it is no longer queued (cancelled meanwhile). */
  boolean start(long id, Instant now) {
    return jdbc.sql("update gw_benchmarks set status = 'running', started_at = :now where id = :id"
        + " and status = 'queued'").param("now", Sql.ts(now)).param("id", id).update() == 1;
  }

  void progress(long id, double progress) {
    jdbc.sql("update gw_benchmarks set progress = :p where id = :id and status = 'running'").param("p", progress)
        .param("id", id).update();
  }

  /** Ends a run. A run already marked cancelled stays cancelled (its partial results are still written). */
  void finish(long id, String status, String error, double progress, BenchmarkResults results,
      List<TimelinePoint> timeline, Instant now) {
    jdbc.sql("""
        update gw_benchmarks set status = case when status = 'cancelled' then 'cancelled' else :status end,
          error = case when status = 'cancelled' then error else :error end, progress = :progress,
          results = :results, timeline = :timeline, finished_at = coalesce(finished_at, :now) where id = :id""")
        .param("status", status).param("error", truncate(error)).param("progress", progress)
        .param("results", results == null ? null : json.writeValueAsString(results))
        .param("timeline", timeline == null ? null : json.writeValueAsString(timeline)).param("now", Sql.ts(now))
        .param("id", id).update();
  }

  /** Marks a queued or running run cancelled; false when it had already ended. */
  boolean cancel(long id, Instant now) {
    return jdbc.sql("update gw_benchmarks set status = 'cancelled', error = 'cancelled by a user',"
        + " finished_at = :now where id = :id and status in ('queued', 'running')").param("now", Sql.ts(now))
        .param("id", id).update() == 1;
  }

  /** Fails every unfinished run: this process lost them. */
  int failUnfinished(String reason, Instant now) {
    return jdbc.sql("update gw_benchmarks set status = 'failed', error = :reason, finished_at = :now"
        + " where status in ('queued', 'running')").param("reason", reason).param("now", Sql.ts(now)).update();
  }

  /** The status of each of these runs, to notice cancels made through another replica. */
  Map<Long, String> statuses(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<Long, String> out = new HashMap<>();
    jdbc.sql("select id, status from gw_benchmarks where id in (:ids)").param("ids", ids)
        .query(rs -> {
          out.put(rs.getLong(1), rs.getString(2));
        });
    return out;
  }

  private Benchmark row(ResultSet rs, int i) throws SQLException {
    String results = rs.getString("results");
    String timeline = rs.getString("timeline");
    return new Benchmark(rs.getLong("id"), rs.getString("name"), rs.getString("model"), rs.getString("mode"),
        rs.getString("status"), rs.getDouble("progress"), rs.getString("error"),
        json.readValue(rs.getString("config"), BenchmarkConfig.class), rs.getLong("created_by"),
        rs.getString("created_by_name"), rs.getLong("tenant_id"), Sql.nullableLong(rs, "retry_of"),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"),
        results == null ? null : json.readValue(results, BenchmarkResults.class),
        timeline == null ? null : json.readValue(timeline, POINTS));
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
  }
}
