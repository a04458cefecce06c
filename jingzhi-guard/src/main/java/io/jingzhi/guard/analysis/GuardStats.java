package io.jingzhi.guard.analysis;

import java.time.Instant;
import java.util.List;

/**
 * Guard decisions counted per time bucket and group over {@code [from, to)}, each group also counted over the
 * baseline — the same-length period just before ({@code [baselineFrom, from)}). {@code change} is
 * {@code (total - baseline) / baseline}, null when the baseline is zero.
 *
 * @param buckets start of every bucket (hour or day in {@code zone}), oldest first
 */
public record GuardStats(
    Instant from,
    Instant to,
    Instant baselineFrom,
    String bucket,
    String groupBy,
    String zone,
    List<Instant> buckets,
    List<Series> series,
    long total,
    long baselineTotal,
    Double change) {

  /** One group: its count per bucket (aligned with {@code buckets}), total, baseline and change. */
  public record Series(String group, String label, List<Long> counts, long total, long baseline, Double change) {}

  static Double change(long current, long baseline) {
    return baseline == 0 ? null : (double) (current - baseline) / baseline;
  }
}
