package io.jingzhi.guard.alert;

import java.time.Instant;

/**
 * A temporary block of a subject in a tenant: while it is active (not lifted, not expired) every guard check of the
 * subject answers BLOCK with category {@code blocked-subject}. {@code id} is null for the moment between the rule
 * firing (the block is enforced at once) and its row being stored.
 */
public record Block(
    Long id,
    Long tenantId,
    String subject,
    String subjectValue,
    String subjectLabel,
    String reason,
    Long ruleId,
    Long alertId,
    Instant createdAt,
    Instant expiresAt,
    Instant liftedAt,
    String liftedBy) {

  public boolean activeAt(Instant now) {
    return liftedAt == null && now.isBefore(expiresAt);
  }

  Block withIds(long blockId, Long alert) {
    return new Block(blockId, tenantId, subject, subjectValue, subjectLabel, reason, ruleId, alert, createdAt,
        expiresAt, liftedAt, liftedBy);
  }
}
