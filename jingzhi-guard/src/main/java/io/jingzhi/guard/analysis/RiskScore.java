package io.jingzhi.guard.analysis;

/**
 * A simple, explainable risk score of a user or app from its decisions: 5 points per stopped text (block or canned
 * answer), 3 more per prompt attack, 1 per masked text; {@code score = round(100 × (1 − e^(−points/25)))}, so 5
 * refusals score about 63 and 20 about 98. A ranking aid, not a verdict.
 */
public final class RiskScore {

  private RiskScore() {}

  public static long points(long stopped, long attacks, long masked) {
    return 5 * stopped + 3 * attacks + masked;
  }

  public static int score(long points) {
    return (int) Math.round(100 * (1 - Math.exp(-points / 25.0)));
  }
}
