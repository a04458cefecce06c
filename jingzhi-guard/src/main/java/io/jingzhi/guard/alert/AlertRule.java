package io.jingzhi.guard.alert;

import io.jingzhi.guard.api.GuardDecided;
import java.time.Instant;
import java.util.Locale;

/**
 * "At least {@code threshold} matching decisions for the same subject (user, API key or source IP) within
 * {@code windowMinutes} → an alert, and with response {@code block} a temporary block of that subject for
 * {@code blockMinutes}". A decision matches when its action is {@code matchAction} (if set) and its categories
 * include {@code matchRiskType} (if set; {@code prompt-attack} or a TC260-003 code such as {@code A.1.1}).
 * {@code tenantId} null: a platform rule, counted in every tenant.
 */
public record AlertRule(
    long id,
    Long tenantId,
    String name,
    boolean enabled,
    String matchAction,
    String matchRiskType,
    String subject,
    int threshold,
    int windowMinutes,
    String response,
    Integer blockMinutes,
    Instant createdAt,
    Instant updatedAt) {

  public static final String BLOCK = "block";
  public static final String NOTIFY = "notify";

  /** Whether a decision counts towards this rule (the subject value is checked separately). */
  boolean matches(GuardDecided event) {
    if (!enabled) {
      return false;
    }
    if (tenantId != null && !tenantId.equals(event.subject().tenantId())) {
      return false;
    }
    if (matchAction != null && !matchAction.equals(event.verdict().action().name().toLowerCase(Locale.ROOT))) {
      return false;
    }
    return matchRiskType == null || event.verdict().categories().contains(matchRiskType);
  }
}
