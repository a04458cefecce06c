package io.jingzhi.guard.engine.semantic;

import java.util.List;

/**
 * The classifier's opinion of one text: the risk probability, the level it reaches against the trained
 * thresholds, the predicted TC260 risk type (that of the closest should-refuse exemplar), the window that scored
 * highest and the closest training exemplars as the explanation. {@code demeaningCue}: blocked below the block
 * threshold because the window states or seeks agreement with a demeaning generalisation, asks for insults or asks to
 * prove a hoax (see the semantic classifier's cue), at or above the suspicious threshold.
 */
public record SemanticVerdict(double probability, Level level, String riskType, String window,
    List<Neighbour> nearest, boolean demeaningCue) {

  public SemanticVerdict {
    nearest = List.copyOf(nearest);
  }

  /** A verdict reached on the thresholds alone, without the demeaning-generalisation cue. */
  public SemanticVerdict(double probability, Level level, String riskType, String window, List<Neighbour> nearest) {
    this(probability, level, riskType, window, nearest, false);
  }

  /** Where the probability falls: below the suspicious threshold, between the two, or at/above the block one. */
  public enum Level { NONE, SUSPICIOUS, BLOCK }

  /** A training exemplar close to the text: its label (row id and opening), risk type, label and cosine. */
  public record Neighbour(String label, String riskType, boolean shouldRefuse, double similarity) {}
}
