package io.jingzhi.guard.analysis;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.guard.alert.Block;
import io.jingzhi.guard.alert.SubjectBlocks;
import io.jingzhi.guard.analysis.StatsRepository.Cell;
import io.jingzhi.guard.analysis.StatsRepository.GroupBy;
import io.jingzhi.guard.engine.lexicon.RiskType;
import io.jingzhi.guard.event.EventAccess;
import io.jingzhi.guard.event.EventFilter;
import io.jingzhi.guard.event.EventRepository;
import io.jingzhi.iam.api.Caller;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Statistics, baseline comparison, top lists and user risk profiles over guard events (readers: {@link EventAccess}). */
@Service
public class StatsService {

  static final Duration DEFAULT_RANGE = Duration.ofDays(7);
  static final Duration MAX_HOURLY = Duration.ofDays(31);
  static final Duration MAX_DAILY = Duration.ofDays(366);
  static final int RECENT = 20;

  private final StatsRepository repository;
  private final EventRepository events;
  private final SubjectBlocks blocks;
  private final Clock clock;

  StatsService(StatsRepository repository, EventRepository events, SubjectBlocks blocks, Clock clock) {
    this.repository = repository;
    this.events = events;
    this.blocks = blocks;
    this.clock = clock;
  }

  /** Filters besides time that statistics accept. */
  public record Scope(Long tenantId, Long appId, String model, String direction, String channel) {}

  public GuardStats stats(Caller caller, Instant from, Instant to, String bucket, String groupBy, String zone,
      Scope scope) {
    EventAccess.requireReader(caller);
    boolean hourly = parseBucket(bucket);
    GroupBy group = parseGroup(groupBy);
    ZoneId zoneId = parseZone(zone);
    EventFilter filter = filter(caller, from, to, scope);
    Duration length = Duration.between(filter.from(), filter.to());
    if (length.compareTo(hourly ? MAX_HOURLY : MAX_DAILY) > 0) {
      throw ApiException.invalid("from", hourly ? "hourly statistics cover at most 31 days"
          : "daily statistics cover at most 366 days");
    }
    Instant baselineFrom = filter.from().minus(length);
    EventFilter baseline = new EventFilter(baselineFrom, filter.from(), filter.tenantId(), null, null,
        filter.appId(), filter.model(), null, null, filter.direction(), filter.channel());

    List<Instant> buckets = buckets(filter.from(), filter.to(), hourly, zoneId);
    Map<Instant, Integer> index = new HashMap<>();
    for (int i = 0; i < buckets.size(); i++) {
      index.put(buckets.get(i), i);
    }
    Map<String, long[]> counts = new LinkedHashMap<>();
    Map<String, String> labels = new HashMap<>();
    for (Cell c : repository.hourly(filter, group)) {
      String key = c.group() == null ? "none" : c.group();
      Integer at = index.get(truncate(c.hour(), hourly, zoneId));
      if (at != null) {
        counts.computeIfAbsent(key, k -> new long[buckets.size()])[at] += c.count();
      }
      labels.putIfAbsent(key, label(group, key, c.label()));
    }
    Map<String, Long> before = new HashMap<>();
    for (Cell c : repository.totals(baseline, group)) {
      String key = c.group() == null ? "none" : c.group();
      before.merge(key, c.count(), Long::sum);
      labels.putIfAbsent(key, label(group, key, c.label()));
    }
    List<GuardStats.Series> series = new ArrayList<>();
    for (String key : labels.keySet()) {
      long[] perBucket = counts.getOrDefault(key, new long[buckets.size()]);
      long total = 0;
      List<Long> list = new ArrayList<>(perBucket.length);
      for (long n : perBucket) {
        total += n;
        list.add(n);
      }
      long base = before.getOrDefault(key, 0L);
      series.add(new GuardStats.Series(key, labels.get(key), list, total, base, GuardStats.change(total, base)));
    }
    series.sort(Comparator.comparingLong(GuardStats.Series::total).reversed()
        .thenComparing(Comparator.comparingLong(GuardStats.Series::baseline).reversed())
        .thenComparing(GuardStats.Series::group));
    long total = series.stream().mapToLong(GuardStats.Series::total).sum();
    long baseTotal = series.stream().mapToLong(GuardStats.Series::baseline).sum();
    return new GuardStats(filter.from(), filter.to(), baselineFrom, hourly ? "hour" : "day",
        group.name().toLowerCase(Locale.ROOT), zoneId.getId(), buckets, series, total, baseTotal,
        GuardStats.change(total, baseTotal));
  }

  public List<TopEntry> top(Caller caller, Instant from, Instant to, String by, Integer limit, Scope scope) {
    EventAccess.requireReader(caller);
    boolean byUser;
    if (by == null || by.isBlank() || by.equals("user")) {
      byUser = true;
    } else if (by.equals("app")) {
      byUser = false;
    } else {
      throw ApiException.invalid("by", "must be user or app");
    }
    int n = limit == null ? 10 : limit;
    if (n < 1 || n > 100) {
      throw ApiException.invalid("limit", "must be between 1 and 100");
    }
    return repository.top(filter(caller, from, to, scope), byUser, n);
  }

  /** A user's profile over the last {@code days} days; 404 when the caller sees no decision of that user. */
  public RiskProfile profile(Caller caller, long userId, Integer days) {
    EventAccess.requireReader(caller);
    int d = days == null ? 30 : days;
    if (d < 1 || d > 366) {
      throw ApiException.invalid("days", "must be between 1 and 366");
    }
    Long tenant = EventAccess.scope(caller, null);
    Instant[] seen = repository.seen(tenant, userId);
    if (seen[0] == null) {
      throw ApiException.notFound("guard_user", userId);
    }
    Instant to = clock.instant();
    EventFilter filter = new EventFilter(to.minus(Duration.ofDays(d)), to, tenant, userId, null, null, null, null,
        null, null, null);
    Map<String, Long> byAction = new LinkedHashMap<>();
    for (String a : List.of("allow", "mask", "block", "answer")) {
      byAction.put(a, 0L);
    }
    repository.totals(filter, GroupBy.ACTION).forEach(c -> byAction.merge(c.group(), c.count(), Long::sum));
    List<RiskProfile.Count> byRisk = repository.totals(filter, GroupBy.RISK_TYPE).stream()
        .map(c -> new RiskProfile.Count(c.group(), c.count()))
        .sorted(Comparator.comparingLong(RiskProfile.Count::count).reversed().thenComparing(RiskProfile.Count::key))
        .toList();
    long attacks = byRisk.stream().filter(c -> c.key().equals("prompt-attack")).mapToLong(RiskProfile.Count::count)
        .sum();
    long points = RiskScore.points(byAction.get("block") + byAction.get("answer"), attacks, byAction.get("mask"));
    var recent = events.recent(filter, RECENT);
    Long userTenant = repository.tenantOfLatest(tenant, userId);
    Block block = blocks.forUser(userTenant, userId).orElse(null);
    String username = recent.isEmpty() ? null : recent.getFirst().username();
    return new RiskProfile(userId, username, userTenant, filter.from(), filter.to(),
        byAction.values().stream().mapToLong(Long::longValue).sum(), byAction, byRisk, seen[0], seen[1], points,
        RiskScore.score(points), recent, block);
  }

  private EventFilter filter(Caller caller, Instant from, Instant to, Scope scope) {
    Instant end = to == null ? clock.instant() : to;
    Instant start = from == null ? end.minus(DEFAULT_RANGE) : from;
    return new EventFilter(start, end, scope.tenantId(), null, null, scope.appId(), scope.model(), null, null,
        scope.direction(), scope.channel()).resolved(EventAccess.scope(caller, scope.tenantId()), clock.instant());
  }

  static List<Instant> buckets(Instant from, Instant to, boolean hourly, ZoneId zone) {
    List<Instant> out = new ArrayList<>();
    var t = truncate(from, hourly, zone).atZone(zone);
    while (t.toInstant().isBefore(to)) {
      out.add(t.toInstant());
      t = hourly ? t.plusHours(1) : t.plusDays(1);
    }
    return out;
  }

  static Instant truncate(Instant at, boolean hourly, ZoneId zone) {
    return at.atZone(zone).truncatedTo(hourly ? ChronoUnit.HOURS : ChronoUnit.DAYS).toInstant();
  }

  private static String label(GroupBy group, String key, String stored) {
    if (group == GroupBy.RISK_TYPE) {
      return RiskType.byCode(key).map(RiskType::nameZh).orElse(key);
    }
    return stored == null ? key : stored;
  }

  private static boolean parseBucket(String bucket) {
    if (bucket == null || bucket.isBlank() || bucket.equals("day")) {
      return false;
    }
    if (bucket.equals("hour")) {
      return true;
    }
    throw ApiException.invalid("bucket", "must be hour or day");
  }

  private static GroupBy parseGroup(String groupBy) {
    if (groupBy == null || groupBy.isBlank()) {
      return GroupBy.RISK_TYPE;
    }
    try {
      return GroupBy.valueOf(groupBy.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("group_by", "must be risk_type, app, action or model");
    }
  }

  private static ZoneId parseZone(String zone) {
    if (zone == null || zone.isBlank()) {
      return ZoneId.of("Asia/Shanghai");
    }
    try {
      return ZoneId.of(zone.strip());
    } catch (DateTimeException e) {
      throw ApiException.invalid("zone", "a time zone such as Asia/Shanghai or UTC");
    }
  }
}
