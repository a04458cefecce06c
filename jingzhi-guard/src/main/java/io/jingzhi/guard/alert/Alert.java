package io.jingzhi.guard.alert;

import java.time.Instant;

/** A fired alert rule: which subject reached the threshold, and the block it caused (if any). */
public record Alert(
    long id,
    long ruleId,
    String ruleName,
    Long tenantId,
    String subject,
    String subjectValue,
    String subjectLabel,
    int eventCount,
    int windowMinutes,
    String response,
    Long blockId,
    String lastEventId,
    Instant firedAt,
    Instant acknowledgedAt,
    String acknowledgedBy) {}
