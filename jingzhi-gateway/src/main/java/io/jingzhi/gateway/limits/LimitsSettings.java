package io.jingzhi.gateway.limits;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limit settings, prefix {@code jingzhi.gateway.limits}.
 *
 * @param defaultMaxTokens completion tokens assumed for a chat call without {@code max_tokens}, until the real
 *     count is known
 * @param queueDeadline how long a call may wait for model capacity before it gets 429; keeps TTFT bounded
 * @param leaseTtl how long a concurrency slot outlives a node that died holding it (live nodes renew theirs);
 *     at least 30s
 * @param refresh how often limit settings changed on other replicas are picked up
 * @param quotaZone the time zone in which daily and monthly token quotas start over
 * @param redisPrefix prefix of every Redis key, so several installations can share one Redis
 * @param redisTimeout how long one Redis round trip may take before the store counts as failed
 * @param capacityTps measured capacity of each model in tokens per second; models not listed are not queued
 */
public record LimitsSettings(
    @DefaultValue("1024") @Min(1) int defaultMaxTokens,
    @NotNull @DefaultValue("2s") Duration queueDeadline,
    @NotNull @DefaultValue("60s") Duration leaseTtl,
    @NotNull @DefaultValue("5s") Duration refresh,
    @NotNull @DefaultValue("Asia/Shanghai") ZoneId quotaZone,
    @NotBlank @DefaultValue("jingzhi:limits") String redisPrefix,
    @NotNull @DefaultValue("500ms") Duration redisTimeout,
    Map<String, Integer> capacityTps) {

  public LimitsSettings {
    capacityTps = capacityTps == null ? Map.of() : Map.copyOf(capacityTps);
    if (leaseTtl != null && leaseTtl.compareTo(Duration.ofSeconds(30)) < 0) {
      // live nodes renew their leases every 10 seconds; a shorter lifetime would drop slots still in use
      throw new IllegalArgumentException("jingzhi.gateway.limits.lease-ttl must be at least 30s");
    }
    if (capacityTps.values().stream().anyMatch(v -> v == null || v < 1)) {
      throw new IllegalArgumentException("jingzhi.gateway.limits.capacity-tps values must be positive");
    }
  }

  /** Defaults, for tests and tools. */
  public static LimitsSettings defaults() {
    return new LimitsSettings(1024, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(5),
        ZoneId.of("Asia/Shanghai"), "jingzhi:limits", Duration.ofMillis(500), Map.of());
  }

  /** Sum of the configured model capacities, the base the tenants' guarantees are measured against. */
  public long totalCapacityTps() {
    return capacityTps.values().stream().mapToLong(Integer::longValue).sum();
  }
}
