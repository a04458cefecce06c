package io.jingzhi.gateway.benchmark;

import java.time.Instant;
import java.util.List;

/**
 * A benchmark run as the API shows it.
 *
 * @param status queued, running, succeeded, failed or cancelled
 * @param progress share of all requests (warm-up included) finished, 0..1
 * @param results null until the run ended; partial for a cancelled or failed run
 * @param timeline null in listings
 */
public record Benchmark(long id, String name, String model, String mode, String status, double progress,
    String error, BenchmarkConfig config, long createdBy, String createdByName, long tenantId, Long retryOf,
    Instant createdAt, Instant startedAt, Instant finishedAt, BenchmarkResults results,
    List<TimelinePoint> timeline) {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  boolean finished() {
    return !status.equals(QUEUED) && !status.equals(RUNNING);
  }

  Benchmark withProgress(double live) {
    return new Benchmark(id, name, model, mode, status, live, error, config, createdBy, createdByName, tenantId,
        retryOf, createdAt, startedAt, finishedAt, results, timeline);
  }

  Benchmark withoutTimeline() {
    return new Benchmark(id, name, model, mode, status, progress, error, config, createdBy, createdByName, tenantId,
        retryOf, createdAt, startedAt, finishedAt, results, null);
  }
}
