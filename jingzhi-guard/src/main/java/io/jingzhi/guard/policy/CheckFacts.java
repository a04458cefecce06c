package io.jingzhi.guard.policy;

import io.jingzhi.guard.api.GuardDirection;
import io.jingzhi.guard.engine.RiskLevel;
import io.jingzhi.guard.engine.decode.Normalizer;
import java.util.Map;

/**
 * What policy conditions are evaluated against: the direction, the highest level found per reported category
 * (TC260-003 code, {@code prompt-attack}, {@code A.4.6}), the overall risk level and the text in compact form
 * (width-folded, simplified, without spaces and punctuation) for term conditions.
 */
public record CheckFacts(GuardDirection direction, Map<String, RiskLevel> levels, RiskLevel overall,
    String compactText) {

  public CheckFacts {
    levels = Map.copyOf(levels);
  }

  /** The form texts and terms are compared in. */
  public static String compact(String text) {
    return Normalizer.compact(Normalizer.normalise(text == null ? "" : text));
  }
}
