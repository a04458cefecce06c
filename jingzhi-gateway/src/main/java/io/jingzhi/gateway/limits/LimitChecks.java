package io.jingzhi.gateway.limits;

import io.jingzhi.gateway.limits.CounterStore.Check;
import io.jingzhi.gateway.limits.CounterStore.Kind;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** Turns the limits of a call's levels (key, app, project, tenant) into counter checks, each with a label. */
final class LimitChecks {

  static final long MINUTE_MS = 60_000;

  /** One check and what it is about, for the refusal message. */
  record Labeled(Check check, LimitScope scope, long scopeId, String what) {}

  private final List<Labeled> all = new ArrayList<>();

  private LimitChecks() {}

  /** No checks: nothing was charged. */
  static LimitChecks none() {
    return new LimitChecks();
  }

  /**
   * The checks of one call.
   *
   * @param levels the limits of each level; fields that are null do not limit
   */
  static LimitChecks of(List<Limits> levels, long estimate, long leaseMillis, ZoneId zone, Clock clock) {
    LimitChecks checks = new LimitChecks();
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
    LocalDate day = now.toLocalDate();
    YearMonth month = YearMonth.from(day);
    long dayLeft = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli() - clock.millis();
    long monthLeft = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant().toEpochMilli() - clock.millis();
    for (Limits l : levels) {
      String id = l.scope().wire() + ":" + l.scopeId();
      if (l.rpm() != null) {
        checks.add(new Check(Kind.RATE, "rpm:" + id, l.rpm(), 1, MINUTE_MS), l, "requests per minute (rpm)");
      }
      if (l.tpm() != null) {
        // A call bigger than the whole minute may still go when the cell is full; the rest becomes debt.
        checks.add(new Check(Kind.RATE, "tpm:" + id, l.tpm(), Math.min(estimate, l.tpm()), MINUTE_MS), l,
            "tokens per minute (tpm)");
      }
      if (l.concurrency() != null) {
        checks.add(new Check(Kind.CONCURRENCY, "con:" + id, l.concurrency(), 1, leaseMillis), l,
            "concurrent requests");
      }
      if (l.dailyTokens() != null) {
        checks.add(new Check(Kind.QUOTA, "day:" + id + ":" + day, l.dailyTokens(), estimate, Math.max(1, dayLeft)),
            l, "daily token quota");
      }
      if (l.monthlyTokens() != null) {
        checks.add(new Check(Kind.QUOTA, "month:" + id + ":" + month, l.monthlyTokens(), estimate,
            Math.max(1, monthLeft)), l, "monthly token quota");
      }
    }
    return checks;
  }

  private void add(Check check, Limits l, String what) {
    all.add(new Labeled(check, l.scope(), l.scopeId(), what));
  }

  List<Check> checks() {
    return all.stream().map(Labeled::check).toList();
  }

  Labeled get(int index) {
    return all.get(index);
  }

  List<String> concurrencyKeys() {
    return all.stream().map(Labeled::check).filter(c -> c.kind() == Kind.CONCURRENCY).map(Check::key).toList();
  }

  /** The token counters (tpm and quotas) moved by {@code actual - charged}. */
  List<Check> corrections(long actual) {
    List<Check> out = new ArrayList<>();
    for (Labeled l : all) {
      Check c = l.check();
      boolean tokens = c.kind() == Kind.QUOTA || c.key().startsWith("tpm:");
      if (tokens && actual != c.amount()) {
        out.add(new Check(c.kind(), c.key(), c.limit(), actual - c.amount(), c.windowMillis()));
      }
    }
    return out;
  }

  /** Everything charged, taken back (the call never ran). */
  List<Check> refunds() {
    return all.stream().map(Labeled::check).filter(c -> c.kind() != Kind.CONCURRENCY)
        .map(c -> new Check(c.kind(), c.key(), c.limit(), -c.amount(), c.windowMillis())).toList();
  }
}
