package io.jingzhi.iam.user;

import java.time.Instant;
import java.util.Set;

/** A user as the API shows it. */
public record UserView(
    long id,
    String username,
    String displayName,
    String phone,
    String email,
    long orgId,
    String orgName,
    Set<String> roles,
    boolean enabled,
    boolean locked,
    Instant expiresAt,
    String source,
    boolean mustChangePassword,
    Instant lastLoginAt,
    Instant createdAt) {}
