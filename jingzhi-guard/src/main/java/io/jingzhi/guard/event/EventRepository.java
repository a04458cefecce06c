package io.jingzhi.guard.event;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.guard.api.GuardFinding;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads and expires stored guard events. */
@Repository
public class EventRepository {

  private static final TypeReference<List<GuardFinding>> FINDINGS = new TypeReference<>() {};
  private static final String LIST_COLUMNS = "e.id, e.at, e.tenant_id, e.org_id, e.user_id, e.username, e.app_id,"
      + " e.api_key_id, e.model, e.source_ip, e.channel, e.direction, e.action, e.enforced, e.risk_level,"
      + " e.categories, e.policy, e.excerpt, e.latency_us, a.name as app_name";
  private static final String FROM = " from guard_events e left join iam_apps a on a.id = e.app_id";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  EventRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Newest first, without full texts and findings. */
  public PageResult<GuardEvent> page(EventFilter filter, PageQuery page) {
    EventSql.Where where = EventSql.of(filter);
    long total = jdbc.sql("select count(*) from guard_events e" + where.clause()).params(where.params())
        .query(Long.class).single();
    List<GuardEvent> items = jdbc.sql("select " + LIST_COLUMNS + FROM + where.clause()
            + " order by e.at desc, e.id desc limit :limit offset :offset")
        .params(where.params()).param("limit", page.size()).param("offset", page.offset())
        .query((rs, n) -> row(rs, false)).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  /** The newest events of a filter, at most {@code limit}. */
  public List<GuardEvent> recent(EventFilter filter, int limit) {
    EventSql.Where where = EventSql.of(filter);
    return jdbc.sql("select " + LIST_COLUMNS + FROM + where.clause()
            + " order by e.at desc, e.id desc limit :limit")
        .params(where.params()).param("limit", limit).query((rs, n) -> row(rs, false)).list();
  }

  public Optional<GuardEvent> find(String id) {
    return jdbc.sql("select " + LIST_COLUMNS + ", e.full_text, e.findings" + FROM + " where e.id = :id")
        .param("id", id).query((rs, n) -> row(rs, true)).optional();
  }

  /** Streams the events of a filter, oldest first, with full texts (for export). */
  public void forEach(EventFilter filter, Consumer<GuardEvent> sink) {
    EventSql.Where where = EventSql.of(filter);
    try (Stream<GuardEvent> rows = jdbc.sql("select " + LIST_COLUMNS + ", e.full_text, null as findings" + FROM
            + where.clause() + " order by e.at, e.id")
        .params(where.params()).withFetchSize(500).query((rs, n) -> row(rs, true)).stream()) {
      rows.forEach(sink);
    }
  }

  /** Deletes events (and their risk rows) older than {@code cutoff}; returns how many events went. */
  public int deleteBefore(Instant cutoff) {
    jdbc.sql("delete from guard_event_risks where at < :cutoff").param("cutoff", Sql.ts(cutoff)).update();
    return jdbc.sql("delete from guard_events where at < :cutoff").param("cutoff", Sql.ts(cutoff)).update();
  }

  private GuardEvent row(ResultSet rs, boolean detail) throws SQLException {
    String categories = rs.getString("categories");
    String findings = detail ? rs.getString("findings") : null;
    return new GuardEvent(rs.getString("id"), Sql.instant(rs, "at"), Sql.nullableLong(rs, "tenant_id"),
        Sql.nullableLong(rs, "org_id"), Sql.nullableLong(rs, "user_id"), rs.getString("username"),
        Sql.nullableLong(rs, "app_id"), rs.getString("app_name"), Sql.nullableLong(rs, "api_key_id"), rs.getString("model"),
        rs.getString("source_ip"), rs.getString("channel"), rs.getString("direction"), rs.getString("action"),
        rs.getBoolean("enforced"), rs.getString("risk_level"),
        categories == null || categories.isEmpty() ? List.of() : Arrays.asList(categories.split(",")),
        rs.getString("policy"), rs.getString("excerpt"), detail ? rs.getString("full_text") : null,
        findings == null ? null : json.readValue(findings, FINDINGS), rs.getLong("latency_us"));
  }
}
