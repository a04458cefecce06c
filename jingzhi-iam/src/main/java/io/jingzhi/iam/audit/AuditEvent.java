package io.jingzhi.iam.audit;

import java.time.Instant;

/** One stored link of the audit chain. */
public record AuditEvent(
    long id,
    Instant occurredAt,
    Long actorId,
    String actorName,
    Long tenantId,
    String sourceIp,
    String action,
    String targetType,
    String targetId,
    String targetName,
    String before,
    String after,
    String result,
    String detail,
    String requestId,
    String prevHash,
    String hash) {}
