package io.jingzhi.gateway.metering;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads {@code gw_usage}. Names come from the identity tables in the same query (left joins: a record outlives
 * the objects it names). Filters are always bound parameters; only the fixed SQL of {@link GroupBy} is spliced in.
 */
@Repository
class UsageRepository {

  private static final String FROM = " " + """
       from gw_usage u
       left join iam_orgs o on o.id = u.tenant_id
       left join iam_projects p on p.id = u.project_id
       left join iam_apps a on a.id = u.app_id
       left join iam_api_keys k on k.id = u.api_key_id
       left join iam_users us on us.id = u.user_id""";

  private static final String COLUMNS = "select u.*, o.name as tenant_name, p.name as project_name,"
      + " a.code as app_code, k.name as key_name, us.username as username";

  private final JdbcClient jdbc;

  UsageRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  PageResult<UsageRecord> page(UsageFilter f, PageQuery page) {
    Map<String, Object> params = new HashMap<>();
    String where = where(f, params);
    long total = jdbc.sql("select count(*) from gw_usage u" + where).params(params).query(Long.class).single();
    List<UsageRecord> items = jdbc.sql(COLUMNS + FROM + where + " order by u.at desc, u.id desc"
            + " limit :limit offset :offset")
        .params(params).param("limit", page.size()).param("offset", page.offset()).query(UsageRepository::map)
        .list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  /** Every matching record, oldest first, streamed so an export does not hold them all in memory. */
  void forEach(UsageFilter f, Consumer<UsageRecord> sink) {
    Map<String, Object> params = new HashMap<>();
    String where = where(f, params);
    try (Stream<UsageRecord> rows = jdbc.sql(COLUMNS + FROM + where + " order by u.at, u.id").params(params)
        .withFetchSize(500).query(UsageRepository::map).stream()) {
      rows.forEach(sink);
    }
  }

  List<UsageSummaryRow> summary(UsageFilter f, GroupBy group) {
    Map<String, Object> params = new HashMap<>();
    String where = where(f, params);
    String sql = "select " + group.keySql + " as group_key, " + group.labelSql + " as group_label,"
        + " count(*) as requests,"
        + " sum(case when u.status = 'error' then 1 else 0 end) as errors,"
        + " sum(case when u.status = 'rejected' then 1 else 0 end) as rejected,"
        + " sum(case when u.status = 'cancelled' then 1 else 0 end) as cancelled,"
        + " sum(u.prompt_tokens) as prompt_tokens, sum(u.completion_tokens) as completion_tokens,"
        + " sum(case when u.estimated then 1 else 0 end) as estimated_requests,"
        + " avg(case when u.ttft_ms >= 0 then u.ttft_ms end) as avg_ttft,"
        + " percentile_disc(0.95) within group (order by case when u.ttft_ms >= 0 then u.ttft_ms end) as p95_ttft,"
        + " avg(u.duration_ms) as avg_duration"
        + FROM + where
        + " group by " + group.groupBySql()
        + (group.timeline() ? " order by group_key" : " order by requests desc, group_key");
    return jdbc.sql(sql).params(params).query((rs, i) -> {
      long prompt = rs.getLong("prompt_tokens");
      long completion = rs.getLong("completion_tokens");
      return new UsageSummaryRow(group.key(rs), group.timeline() ? group.key(rs) : rs.getString("group_label"),
          rs.getLong("requests"), rs.getLong("errors"), rs.getLong("rejected"), rs.getLong("cancelled"), prompt,
          completion, prompt + completion, rs.getLong("estimated_requests"), round(rs.getObject("avg_ttft")),
          rs.getObject("p95_ttft") instanceof Number n ? n.longValue() : null, round(rs.getObject("avg_duration")));
    }).list();
  }

  private static Double round(Object value) {
    return value instanceof Number n ? Math.round(n.doubleValue() * 10) / 10.0 : null;
  }

  private static String where(UsageFilter f, Map<String, Object> params) {
    StringBuilder w = new StringBuilder(" where u.at >= :from and u.at < :to");
    params.put("from", Sql.ts(f.from()));
    params.put("to", Sql.ts(f.to()));
    add(w, params, "u.tenant_id", "tenant", f.tenantId());
    add(w, params, "u.project_id", "project", f.projectId());
    add(w, params, "u.app_id", "app", f.appId());
    add(w, params, "u.model", "model", f.model());
    add(w, params, "u.status", "status", f.status());
    return w.toString();
  }

  private static void add(StringBuilder where, Map<String, Object> params, String column, String name,
      Object value) {
    if (value != null) {
      where.append(" and ").append(column).append(" = :").append(name);
      params.put(name, value);
    }
  }

  private static UsageRecord map(ResultSet rs, int row) throws SQLException {
    int prompt = rs.getInt("prompt_tokens");
    int completion = rs.getInt("completion_tokens");
    return new UsageRecord(rs.getLong("id"), Sql.instant(rs, "at"), rs.getString("api"), rs.getLong("tenant_id"),
        rs.getString("tenant_name"), Sql.nullableLong(rs, "project_id"), rs.getString("project_name"),
        Sql.nullableLong(rs, "app_id"), rs.getString("app_code"), Sql.nullableLong(rs, "api_key_id"),
        rs.getString("key_name"), rs.getLong("user_id"), rs.getString("username"), rs.getString("model"),
        Sql.nullableLong(rs, "endpoint_id"), prompt, completion, prompt + completion, rs.getBoolean("estimated"),
        rs.getBoolean("stream"), rs.getString("status"), rs.getInt("http_status"), rs.getLong("ttft_ms"),
        rs.getLong("duration_ms"), rs.getLong("gateway_overhead_us"), rs.getLong("queue_wait_ms"),
        rs.getString("request_id"), rs.getString("guard_input"), rs.getString("guard_output"));
  }
}
