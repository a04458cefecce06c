package io.jingzhi.guard.engine.semantic;

import java.util.List;

/**
 * The classifier's opinion of one text: the risk probability, the level it reaches against the trained
 * thresholds, the predicted TC260 risk type (that of the closest should-refuse exemplar), the window that scored
 * highest and the closest training exemplars as the explanation.
 */
public record SemanticVerdict(double probability, Level level, String riskType, String window,
    List<Neighbour> nearest) {

  public SemanticVerdict {
    nearest = List.copyOf(nearest);
  }

  /** Where the probability falls: below the suspicious threshold, between the two, or at/above the block one. */
  public enum Level { NONE, SUSPICIOUS, BLOCK }

  /** A training exemplar close to the text: its label (row id and opening), risk type, label and cosine. */
  public record Neighbour(String label, String riskType, boolean shouldRefuse, double similarity) {}
}
