package io.jingzhi.guard.event;

import io.jingzhi.common.error.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Which guard events a search covers: the half-open time range {@code [from, to)} (default: the 30 days before now)
 * and optional tenant, user (id or username), app, model, risk type, action, direction and channel.
 */
public record EventFilter(Instant from, Instant to, Long tenantId, Long userId, String username, Long appId,
    String model, String riskType, String action, String direction, String channel) {

  static final Duration DEFAULT_RANGE = Duration.ofDays(30);
  static final Set<String> ACTIONS = Set.of("allow", "mask", "block", "answer");
  static final Set<String> DIRECTIONS = Set.of("input", "output");

  public EventFilter {
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.invalid("from", "must be before to");
    }
    username = blank(username);
    model = blank(model);
    riskType = blank(riskType);
    channel = blank(channel);
    action = blank(action);
    direction = blank(direction);
    if (action != null && !ACTIONS.contains(action)) {
      throw ApiException.invalid("action", "must be one of allow, mask, block, answer");
    }
    if (direction != null && !DIRECTIONS.contains(direction)) {
      throw ApiException.invalid("direction", "must be input or output");
    }
  }

  /** The same filter with the tenant confined and defaults in place of missing times. */
  public EventFilter resolved(Long tenant, Instant now) {
    Instant end = to == null ? now : to;
    Instant start = from == null ? end.minus(DEFAULT_RANGE) : from;
    if (!start.isBefore(end)) {
      throw ApiException.invalid("from", "must be before to");
    }
    return new EventFilter(start, end, tenant, userId, username, appId, model, riskType, action, direction, channel);
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
