package io.jingzhi.guard.policy;

import io.jingzhi.guard.api.GuardDirection;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.engine.RiskLevel;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A policy prepared for the request path: sets and parsed ranges instead of lists of text, so evaluating it
 * costs a few hash lookups. Each test returns null when it passes, otherwise the reason (for the test console).
 */
final class CompiledPolicy {

  final Policy policy;
  private final Subjects scope;
  private final Subjects exceptions;
  private final GuardDirection direction;
  private final List<String> riskTypes;
  private final RiskLevel minLevel;
  private final List<String> terms;

  CompiledPolicy(Policy policy) {
    this.policy = policy;
    this.scope = new Subjects(policy.scope());
    this.exceptions = new Subjects(policy.exceptions());
    PolicyConditions c = policy.conditions();
    this.direction = switch (c.direction()) {
      case "input" -> GuardDirection.INPUT;
      case "output" -> GuardDirection.OUTPUT;
      default -> null;
    };
    this.riskTypes = c.riskTypes();
    this.minLevel = c.minLevel() == null ? null : RiskLevel.valueOf(c.minLevel().toUpperCase(Locale.ROOT));
    this.terms = c.terms().stream().map(CheckFacts::compact).filter(t -> !t.isEmpty()).toList();
  }

  /** Null when the policy applies to the subject at this time, otherwise why not. */
  String notApplicable(GuardSubject s, ZonedDateTime now, Map<Long, String> orgPaths) {
    String out = scope.outside(s, now, orgPaths);
    if (out != null) {
      return out;
    }
    String exempt = exceptions.exempt(s, now, orgPaths);
    return exempt == null ? null : "excepted: " + exempt;
  }

  /** Null when the text meets the conditions, otherwise which condition it does not meet. */
  String unmet(CheckFacts f) {
    if (direction != null && direction != f.direction()) {
      return "applies to " + direction.name().toLowerCase(Locale.ROOT) + " only";
    }
    if (!terms.isEmpty() && terms.stream().noneMatch(f.compactText()::contains)) {
      return "none of its terms appears";
    }
    if (riskTypes.isEmpty()) {
      if (minLevel != null && f.overall().compareTo(minLevel) < 0) {
        return "risk level " + level(f.overall()) + " is below " + level(minLevel);
      }
      return null;
    }
    RiskLevel floor = minLevel == null ? RiskLevel.LOW : minLevel;
    for (var e : f.levels().entrySet()) {
      if (e.getValue().compareTo(floor) >= 0 && riskTypes.stream().anyMatch(t -> PolicyRules.covers(t, e.getKey()))) {
        return null;
      }
    }
    return "no finding of " + String.join(", ", riskTypes) + (minLevel == null ? "" : " at " + level(minLevel)
        + " or above");
  }

  private static String level(RiskLevel l) {
    return l.name().toLowerCase(Locale.ROOT);
  }

  /** The subject part of a scope or of exceptions. */
  private static final class Subjects {

    private final Set<Long> apps;
    private final Set<String> models;
    private final Set<String> users;
    private final Set<String> roles;
    private final Set<Long> orgs;
    private final List<Cidr> ips;
    private final List<Window> times;

    Subjects(PolicyScope s) {
      apps = Set.copyOf(s.apps());
      models = Set.copyOf(s.models());
      users = Set.copyOf(s.users());
      roles = Set.copyOf(s.roles());
      orgs = Set.copyOf(s.orgs());
      ips = s.ips().stream().map(ip -> Cidr.parse(ip).orElseThrow()).toList();
      times = s.times().stream().map(Window::of).toList();
    }

    /** Scope semantics: every non-empty dimension must fit. */
    String outside(GuardSubject s, ZonedDateTime now, Map<Long, String> orgPaths) {
      if (!apps.isEmpty() && (s.appId() == null || !apps.contains(s.appId()))) {
        return "app not in scope";
      }
      if (!models.isEmpty() && (s.model() == null || !models.contains(s.model()))) {
        return "model not in scope";
      }
      if (!users.isEmpty() && !user(s)) {
        return "user not in scope";
      }
      if (!roles.isEmpty() && s.roles().stream().noneMatch(roles::contains)) {
        return "no role in scope";
      }
      if (!orgs.isEmpty() && !org(s, orgPaths)) {
        return "org not in scope";
      }
      if (!ips.isEmpty() && !ip(s)) {
        return "source IP not in scope";
      }
      if (!times.isEmpty() && !time(now)) {
        return "outside its time windows";
      }
      return null;
    }

    /** Exception semantics: fitting any one entry exempts; returns what exempted. */
    String exempt(GuardSubject s, ZonedDateTime now, Map<Long, String> orgPaths) {
      if (s.appId() != null && apps.contains(s.appId())) {
        return "app";
      }
      if (s.model() != null && models.contains(s.model())) {
        return "model";
      }
      if (!users.isEmpty() && user(s)) {
        return "user";
      }
      if (s.roles().stream().anyMatch(roles::contains)) {
        return "role";
      }
      if (!orgs.isEmpty() && org(s, orgPaths)) {
        return "org";
      }
      if (!ips.isEmpty() && ip(s)) {
        return "source IP";
      }
      if (!times.isEmpty() && time(now)) {
        return "time window";
      }
      return null;
    }

    private boolean user(GuardSubject s) {
      return s.username() != null && users.contains(s.username())
          || s.userId() != null && users.contains(s.userId().toString());
    }

    private boolean org(GuardSubject s, Map<Long, String> orgPaths) {
      if (s.orgId() == null) {
        return false;
      }
      if (orgs.contains(s.orgId())) {
        return true;
      }
      String path = orgPaths.get(s.orgId());
      if (path == null) {
        return false;
      }
      for (String part : path.split("/")) {
        if (!part.isEmpty() && orgs.contains(Long.parseLong(part))) {
          return true;
        }
      }
      return false;
    }

    private boolean ip(GuardSubject s) {
      return s.sourceIp() != null && ips.stream().anyMatch(c -> c.contains(s.sourceIp()));
    }

    private boolean time(ZonedDateTime now) {
      return times.stream().anyMatch(w -> w.contains(now));
    }
  }

  /** A parsed time window; minutes since midnight, {@code to} up to 1440. */
  private record Window(Set<DayOfWeek> days, int from, int to) {

    static Window of(PolicyScope.TimeWindow w) {
      Set<DayOfWeek> days = new HashSet<>();
      w.days().forEach(d -> days.add(DayOfWeek.of(d)));
      return new Window(days, minutes(w.from()), minutes(w.to()));
    }

    private static int minutes(String hhmm) {
      return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3, 5));
    }

    boolean contains(ZonedDateTime at) {
      ZonedDateTime t = at.withZoneSameInstant(PolicyCatalog.ZONE);
      LocalTime time = t.toLocalTime();
      int m = time.getHour() * 60 + time.getMinute();
      if (from < to) {
        return day(t.getDayOfWeek()) && m >= from && m < to;
      }
      // Overnight: the part after midnight belongs to the window that started the day before.
      return m >= from && day(t.getDayOfWeek()) || m < to && day(t.getDayOfWeek().minus(1));
    }

    private boolean day(DayOfWeek d) {
      return days.isEmpty() || days.contains(d);
    }
  }
}
