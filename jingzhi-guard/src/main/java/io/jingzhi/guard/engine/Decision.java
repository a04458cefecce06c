package io.jingzhi.guard.engine;

import java.util.List;

/**
 * The engine's verdict: the action, the highest risk level found, the TC260-003 risk types involved, the text
 * with sensitive data masked (equal to the input when nothing was masked) and every finding that led there.
 * {@code semanticProbability} is the semantic classifier's risk probability, or {@link #NOT_CLASSIFIED} when the
 * classifier is off or was not needed (the rules had already blocked).
 */
public record Decision(Action action, RiskLevel riskLevel, List<String> categories, String maskedText,
    List<Match> matched, double attackScore, double semanticProbability) {

  /** {@link #semanticProbability()} when the semantic classifier did not run. */
  public static final double NOT_CLASSIFIED = -1;

  public Decision {
    categories = List.copyOf(categories);
    matched = List.copyOf(matched);
  }

  /** A decision made without the semantic classifier. */
  public Decision(Action action, RiskLevel riskLevel, List<String> categories, String maskedText,
      List<Match> matched, double attackScore) {
    this(action, riskLevel, categories, maskedText, matched, attackScore, NOT_CLASSIFIED);
  }

  public boolean blocked() {
    return action == Action.BLOCK;
  }
}
