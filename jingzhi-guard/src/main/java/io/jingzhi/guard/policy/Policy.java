package io.jingzhi.guard.policy;

import java.time.Instant;

/**
 * A guard policy as stored and shown. {@code tenantId} null: a platform policy that applies to every tenant.
 * Lower {@code priority} numbers are evaluated first; the first enabled policy whose scope, exceptions and
 * conditions fit a check decides it. Wire values are lower case: mode {@code monitor|enforce}, action
 * {@code allow|block|mask|answer|alert|redirect}.
 */
public record Policy(
    long id,
    Long tenantId,
    String code,
    String name,
    String description,
    int priority,
    boolean enabled,
    String mode,
    PolicyScope scope,
    PolicyConditions conditions,
    PolicyScope exceptions,
    String action,
    String refusalText,
    String maskStrategy,
    String answerText,
    String answerGroup,
    String redirectUrl,
    Instant createdAt,
    Instant updatedAt) {

  public boolean enforce() {
    return "enforce".equals(mode);
  }
}
