package io.jingzhi.guard.answer;

import java.time.Instant;
import java.util.List;

/**
 * A standard answer (代答) to a kind of question. {@code tenantId} null: platform-wide, offered to every tenant.
 * {@code riskTypes}: when not empty, the answer is given only to texts with a finding of one of these types
 * (TC260-003 codes or class prefixes, {@code prompt-attack}). {@code group}: policies with action {@code answer}
 * may restrict themselves to one group.
 */
public record CannedAnswer(long id, Long tenantId, String question, String answer, List<String> riskTypes,
    String group, boolean enabled, Instant createdAt, Instant updatedAt) {

  public CannedAnswer {
    riskTypes = riskTypes == null ? List.of() : List.copyOf(riskTypes);
  }
}
