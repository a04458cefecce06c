package io.jingzhi.guard.engine;

import io.jingzhi.guard.engine.pii.MaskStrategy;

/**
 * The policy-free defaults of the engine. {@code attackBlock}: attack score at which a prompt is blocked on its
 * own; {@code attackWithLexicon}: lower score that blocks when a medium lexicon hit is also present (a jailbreak
 * wrapper around a harmful question); {@code historyDecay}: weight of each earlier turn's score, per turn back.
 * {@code piiMinConfidence}: detections below it are reported but not masked.
 */
public record GuardThresholds(double attackBlock, double attackWithLexicon, double historyDecay,
    double piiMinConfidence, boolean maskInput, boolean maskOutput, MaskStrategy maskStrategy) {

  public GuardThresholds {
    if (attackWithLexicon > attackBlock) {
      throw new IllegalArgumentException("attackWithLexicon must not exceed attackBlock");
    }
    if (historyDecay < 0 || historyDecay >= 1) {
      throw new IllegalArgumentException("historyDecay must be in [0, 1)");
    }
  }

  public static GuardThresholds defaults() {
    return new GuardThresholds(1.0, 0.5, 0.5, 0.5, true, true, MaskStrategy.PARTIAL);
  }
}
