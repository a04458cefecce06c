package io.jingzhi.guard.engine.eval;

/** The Wilson score interval for a binomial proportion: honest at small counts and at rates near 0 or 1. */
public record Wilson(long successes, long trials, double low, double high) {

  /** z for a two-sided 95% interval. */
  public static final double Z95 = 1.959963984540054;

  public static Wilson of(long successes, long trials) {
    return of(successes, trials, Z95);
  }

  public static Wilson of(long successes, long trials, double z) {
    if (trials < 0 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + "/" + trials);
    }
    if (trials == 0) {
      return new Wilson(0, 0, 0, 1);
    }
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return new Wilson(successes, trials, Math.max(0, centre - half), Math.min(1, centre + half));
  }

  public double rate() {
    return trials == 0 ? 0 : (double) successes / trials;
  }
}
