package io.jingzhi.agent.run;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.error.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An app's usage over a period: calls, errors, latency percentiles, tokens, distinct users and a per-day series
 * (days in UTC), computed in the database so a busy app's history is not loaded to count it.
 */
@Component
class RunStats {

  private final JdbcClient jdbc;
  private final Clock clock;

  RunStats(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** One day of the series. */
  record Day(LocalDate day, long calls, long errors, long tokens) {}

  /** The figures of a period; latencies over ended runs, null without any. */
  record Stats(LocalDate from, LocalDate to, long calls, long errors, Double p50Ms, Double p95Ms, long tokens,
      long promptTokens, long completionTokens, long distinctUsers, List<Day> days) {}

  /**
   * @param from first day (UTC, {@code yyyy-MM-dd}), default 29 days before {@code to}
   * @param to last day, included; default today
   */
  Stats of(long appId, String from, String to) {
    LocalDate last = day("to", to, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    LocalDate first = day("from", from, last.minusDays(29));
    if (first.isAfter(last)) {
      throw ApiException.invalid("from", "must not be after to");
    }
    if (ChronoUnit.DAYS.between(first, last) > 366) {
      throw ApiException.invalid("from", "a period is at most 367 days");
    }
    Instant start = first.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    var totals = jdbc.sql("""
        select count(*) as calls, coalesce(sum(case when status = 'failed' then 1 else 0 end), 0) as errors,
          coalesce(sum(prompt_tokens), 0) as pt, coalesce(sum(completion_tokens), 0) as ct,
          count(distinct user_id) as users
        from agent_runs where app_id = :app and created_at >= :s and created_at < :e""")
        .param("app", appId).param("s", Sql.ts(start)).param("e", Sql.ts(end))
        .query((rs, n) -> new long[] {rs.getLong("calls"), rs.getLong("errors"), rs.getLong("pt"), rs.getLong("ct"),
            rs.getLong("users")}).single();
    var latency = jdbc.sql("""
        select percentile_cont(0.5) within group (order by elapsed_ms) as p50,
          percentile_cont(0.95) within group (order by elapsed_ms) as p95
        from agent_runs where app_id = :app and created_at >= :s and created_at < :e and elapsed_ms is not null
          and status in ('succeeded', 'failed')""")
        .param("app", appId).param("s", Sql.ts(start)).param("e", Sql.ts(end))
        .query((rs, n) -> new Double[] {nullableDouble(rs, "p50"), nullableDouble(rs, "p95")}).single();
    List<Day> days = jdbc.sql("""
        select cast(created_at as date) as d, count(*) as calls,
          coalesce(sum(case when status = 'failed' then 1 else 0 end), 0) as errors,
          coalesce(sum(prompt_tokens + completion_tokens), 0) as tokens
        from agent_runs where app_id = :app and created_at >= :s and created_at < :e
        group by cast(created_at as date) order by d""")
        .param("app", appId).param("s", Sql.ts(start)).param("e", Sql.ts(end))
        .query((rs, n) -> new Day(rs.getObject("d", LocalDate.class), rs.getLong("calls"), rs.getLong("errors"),
            rs.getLong("tokens"))).list();
    return new Stats(first, last, totals[0], totals[1], latency[0], latency[1], totals[2] + totals[3], totals[2],
        totals[3], totals[4], days);
  }

  private static Double nullableDouble(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  private static LocalDate day(String field, String text, LocalDate fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(field, "must be a date (yyyy-MM-dd)");
    }
  }
}
