package io.jingzhi.gateway.metering;

import io.jingzhi.common.error.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Which usage records a query covers: the half-open time range {@code [from, to)} (default: the 30 days before
 * now) and optional tenant, project, app, model and status. For callers confined to their tenant the tenant is
 * already fixed to theirs.
 */
public record UsageFilter(Instant from, Instant to, Long tenantId, Long projectId, Long appId, String model,
    String status) {

  static final Duration DEFAULT_RANGE = Duration.ofDays(30);
  static final Set<String> STATUSES = Set.of("ok", "error", "cancelled", "rejected");

  public UsageFilter {
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.invalid("from", "must be before to");
    }
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.invalid("status", "must be one of ok, error, cancelled, rejected");
    }
    if (model != null && model.isBlank()) {
      model = null;
    }
  }

  /** The same filter with defaults in place of missing times. */
  UsageFilter resolved(Instant now) {
    Instant end = to == null ? now : to;
    Instant start = from == null ? end.minus(DEFAULT_RANGE) : from;
    if (!start.isBefore(end)) {
      throw ApiException.invalid("from", "must be before to");
    }
    return new UsageFilter(start, end, tenantId, projectId, appId, model, status);
  }

  UsageFilter withTenant(long tenant) {
    return new UsageFilter(from, to, tenant, projectId, appId, model, status);
  }
}
