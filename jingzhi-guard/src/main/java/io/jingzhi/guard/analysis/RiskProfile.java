package io.jingzhi.guard.analysis;

import io.jingzhi.guard.alert.Block;
import io.jingzhi.guard.event.GuardEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One user's guard record over {@code [from, to)}: decisions by action and by risk type, the newest events, when
 * the user was first and last seen by the guard (over all retained events), a {@link RiskScore} and the block in
 * force, if any.
 */
public record RiskProfile(
    long userId,
    String username,
    Long tenantId,
    Instant from,
    Instant to,
    long total,
    Map<String, Long> byAction,
    List<Count> byRiskType,
    Instant firstSeen,
    Instant lastSeen,
    long points,
    int score,
    List<GuardEvent> recent,
    Block activeBlock) {

  /** A count of one key. */
  public record Count(String key, long count) {}
}
