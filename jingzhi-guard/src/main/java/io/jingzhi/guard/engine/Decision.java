package io.jingzhi.guard.engine;

import java.util.List;

/**
 * The engine's verdict: the action, the highest risk level found, the TC260-003 risk types involved, the text
 * with sensitive data masked (equal to the input when nothing was masked) and every finding that led there.
 */
public record Decision(Action action, RiskLevel riskLevel, List<String> categories, String maskedText,
    List<Match> matched, double attackScore) {

  public Decision {
    categories = List.copyOf(categories);
    matched = List.copyOf(matched);
  }

  public boolean blocked() {
    return action == Action.BLOCK;
  }
}
