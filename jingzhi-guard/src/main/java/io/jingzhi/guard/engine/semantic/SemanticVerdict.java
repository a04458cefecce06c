package io.jingzhi.guard.engine.semantic;

import java.util.List;

/**
 * The classifier's opinion of one text: the risk probability, the level it reaches against the trained
 * thresholds, the predicted TC260 risk type (that of the closest should-refuse exemplar), the window that scored
 * highest and the closest training exemplars as the explanation. {@code cue}: the name of the stance cue for which it
 * was blocked below the block threshold, at or above the suspicious one — {@code demeaning-cue} (the window states or
 * seeks agreement with a demeaning generalisation, asks for insults or asks to prove a hoax) or {@code request-cue}
 * (a plain request to evade detection, defraud, forge, steal, learn a lethal dose or break a person) — else null.
 */
public record SemanticVerdict(double probability, Level level, String riskType, String window,
    List<Neighbour> nearest, String cue) {

  public SemanticVerdict {
    nearest = List.copyOf(nearest);
  }

  /** A verdict reached on the thresholds alone, without a stance cue. */
  public SemanticVerdict(double probability, Level level, String riskType, String window, List<Neighbour> nearest) {
    this(probability, level, riskType, window, nearest, null);
  }

  /** Whether it was blocked for the demeaning-generalisation cue. */
  public boolean demeaningCue() {
    return "demeaning-cue".equals(cue);
  }

  /** Where the probability falls: below the suspicious threshold, between the two, or at/above the block one. */
  public enum Level { NONE, SUSPICIOUS, BLOCK }

  /** A training exemplar close to the text: its label (row id and opening), risk type, label and cosine. */
  public record Neighbour(String label, String riskType, boolean shouldRefuse, double similarity) {}
}
