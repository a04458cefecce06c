package io.jingzhi.gateway.benchmark;

import java.util.Arrays;

/**
 * Summary of one metric over a run, in milliseconds. Percentiles are exact over every recorded sample, with
 * linear interpolation between the two nearest ranks (NumPy's default, which vLLM's benchmark uses). All
 * fields are null when the run recorded no sample of the metric (for example ITL of a non-streamed run).
 */
public record Distribution(Double mean, Double median, Double p90, Double p95, Double p99) {

  static final Distribution EMPTY = new Distribution(null, null, null, null, null);

  static Distribution of(double[] samples) {
    if (samples.length == 0) {
      return EMPTY;
    }
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    return new Distribution(round(sum / sorted.length), round(percentile(sorted, 50)), round(percentile(sorted, 90)),
        round(percentile(sorted, 95)), round(percentile(sorted, 99)));
  }

  /** NumPy's {@code percentile(..., method="linear")} over sorted values. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 1) {
      return sorted[0];
    }
    double rank = p / 100.0 * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
