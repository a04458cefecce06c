package io.jingzhi.iam.auth;

import java.time.Instant;

/** A portal sign-in; the token itself is never stored, only its hash. */
record Session(long id, long userId, Instant createdAt, Instant lastSeenAt, Instant expiresAt, Instant revokedAt) {}
