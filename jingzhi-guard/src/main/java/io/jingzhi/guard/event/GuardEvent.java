package io.jingzhi.guard.event;

import io.jingzhi.guard.api.GuardFinding;
import java.time.Instant;
import java.util.List;

/**
 * One stored guard decision as the audit API shows it. {@code excerpt} has personal data masked; {@code fullText}
 * is present only when {@code jingzhi.guard.retain-full-text} kept it; {@code findings} only in the detail view.
 */
public record GuardEvent(
    String id,
    Instant at,
    Long tenantId,
    Long orgId,
    Long userId,
    String username,
    Long appId,
    String appName,
    Long apiKeyId,
    String model,
    String sourceIp,
    String channel,
    String direction,
    String action,
    boolean enforced,
    String riskLevel,
    List<String> categories,
    String policy,
    String excerpt,
    String fullText,
    List<GuardFinding> findings,
    long latencyUs) {}
