package io.jingzhi.iam.user;

import java.time.Instant;

/** A stored account. The password hash never leaves the module. */
public record User(
    long id,
    String username,
    String displayName,
    String phone,
    String email,
    long orgId,
    String passwordHash,
    Instant passwordChangedAt,
    boolean mustChangePassword,
    boolean enabled,
    Instant expiresAt,
    int failedAttempts,
    Instant lockedUntil,
    String source,
    String externalId,
    Instant lastLoginAt,
    Instant createdAt,
    Instant updatedAt) {

  public boolean lockedAt(Instant now) {
    return lockedUntil != null && lockedUntil.isAfter(now);
  }

  public boolean expiredAt(Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }
}
