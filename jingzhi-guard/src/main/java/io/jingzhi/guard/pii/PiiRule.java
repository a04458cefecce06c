package io.jingzhi.guard.pii;

import java.time.Instant;

/**
 * A tenant's custom sensitive-data rule. {@code kind} {@code literal} (the exact string) or {@code regex};
 * {@code label} replaces the value under {@code token} masking; {@code maskStrategy} null uses the guard's default.
 */
public record PiiRule(long id, long tenantId, String name, String kind, String pattern, String label,
    String maskStrategy, boolean enabled, Instant createdAt, Instant updatedAt) {}
