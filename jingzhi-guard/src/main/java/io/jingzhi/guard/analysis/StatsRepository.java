package io.jingzhi.guard.analysis;

import io.jingzhi.common.db.Sql;
import io.jingzhi.guard.event.EventFilter;
import io.jingzhi.guard.event.EventSql;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Aggregations over stored guard events. */
@Repository
class StatsRepository {

  /** A count of one (hour, group). */
  record Cell(Instant hour, String group, String label, long count) {}

  private static final String STOPPED = "sum(case when e.action in ('block', 'answer') then 1 else 0 end)";
  private static final String MASKED = "sum(case when e.action = 'mask' then 1 else 0 end)";
  private static final String ATTACKS = "sum(case when exists (select 1 from guard_event_risks x"
      + " where x.event_id = e.id and x.risk_type = 'prompt-attack') then 1 else 0 end)";

  private final JdbcClient jdbc;

  StatsRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Counts per UTC hour and group. */
  List<Cell> hourly(EventFilter filter, GroupBy group) {
    EventSql.Where where = EventSql.of(filter);
    return jdbc.sql("select e.hour_utc as h, " + group.column + " as g, " + group.label + " as label, count(*) as n"
            + group.from + where.clause() + " group by e.hour_utc, " + group.column)
        .params(where.params())
        .query((rs, i) -> new Cell(Sql.instant(rs, "h"), string(rs.getObject("g")), rs.getString("label"),
            rs.getLong("n")))
        .list();
  }

  /** Counts per group over the whole filter. */
  List<Cell> totals(EventFilter filter, GroupBy group) {
    EventSql.Where where = EventSql.of(filter);
    return jdbc.sql("select " + group.column + " as g, " + group.label + " as label, count(*) as n" + group.from
            + where.clause() + " group by " + group.column)
        .params(where.params())
        .query((rs, i) -> new Cell(null, string(rs.getObject("g")), rs.getString("label"), rs.getLong("n")))
        .list();
  }

  /** Users or apps with stopped, attacking or masked decisions, riskiest first. */
  List<TopEntry> top(EventFilter filter, boolean byUser, int limit) {
    EventSql.Where where = EventSql.of(filter);
    String key = byUser ? "e.user_id" : "e.app_id";
    String label = byUser ? "max(e.username)" : "max(a.name)";
    String from = byUser ? " from guard_events e" : " from guard_events e left join iam_apps a on a.id = e.app_id";
    String points = "(5 * " + STOPPED + " + 3 * " + ATTACKS + " + " + MASKED + ")";
    return jdbc.sql("select " + key + " as k, " + label + " as label, count(*) as n, " + STOPPED + " as stopped, "
            + ATTACKS + " as attacks, " + MASKED + " as masked" + from + where.clause() + " and " + key
            + " is not null group by " + key + " having " + points + " > 0 order by " + points + " desc, " + key
            + " limit :limit")
        .params(where.params()).param("limit", limit)
        .query((rs, i) -> {
          long stopped = rs.getLong("stopped");
          long attacks = rs.getLong("attacks");
          long masked = rs.getLong("masked");
          long p = RiskScore.points(stopped, attacks, masked);
          return new TopEntry(rs.getString("k"), rs.getString("label"), rs.getLong("n"), stopped, attacks, masked, p,
              RiskScore.score(p));
        })
        .list();
  }

  /** First and last decision of a user within a tenant scope, over all retained events; nulls when none. */
  Instant[] seen(Long tenantId, long userId) {
    String where = " where e.user_id = :user" + (tenantId == null ? "" : " and e.tenant_id = :tenant");
    var spec = jdbc.sql("select min(e.at) as first_at, max(e.at) as last_at from guard_events e" + where)
        .param("user", userId);
    if (tenantId != null) {
      spec = spec.param("tenant", tenantId);
    }
    return spec.query((rs, i) -> new Instant[] {Sql.instant(rs, "first_at"), Sql.instant(rs, "last_at")}).single();
  }

  /** The tenant of a user's newest decision in scope. */
  Long tenantOfLatest(Long tenantId, long userId) {
    String where = " where e.user_id = :user" + (tenantId == null ? "" : " and e.tenant_id = :tenant");
    var spec = jdbc.sql("select e.tenant_id from guard_events e" + where + " order by e.at desc limit 1")
        .param("user", userId);
    if (tenantId != null) {
      spec = spec.param("tenant", tenantId);
    }
    return spec.query((rs, i) -> Sql.nullableLong(rs, "tenant_id")).optional().orElse(null);
  }

  private static String string(Object value) {
    return value == null ? null : value.toString();
  }

  /** What statistics group by. */
  enum GroupBy {
    RISK_TYPE("gr.risk_type", "max(gr.risk_type)",
        " from guard_events e join guard_event_risks gr on gr.event_id = e.id"),
    APP("e.app_id", "max(a.name)", " from guard_events e left join iam_apps a on a.id = e.app_id"),
    ACTION("e.action", "max(e.action)", " from guard_events e"),
    MODEL("e.model", "max(e.model)", " from guard_events e");

    final String column;
    final String label;
    final String from;

    GroupBy(String column, String label, String from) {
      this.column = column;
      this.label = label;
      this.from = from;
    }
  }
}
