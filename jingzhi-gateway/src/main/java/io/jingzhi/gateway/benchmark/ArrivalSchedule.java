package io.jingzhi.gateway.benchmark;

import java.util.random.RandomGenerator;

/**
 * When the requests of a Poisson run are sent: exponentially distributed gaps with mean {@code 1 / rate}, as
 * vLLM's {@code --request-rate} with burstiness 1. Seeded, so a run (and a test) can be repeated exactly.
 */
final class ArrivalSchedule {

  private final double rate;
  private final RandomGenerator random;

  ArrivalSchedule(double ratePerSecond, RandomGenerator random) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be a positive number");
    }
    this.rate = ratePerSecond;
    this.random = random;
  }

  /** The gap before the next request, in nanoseconds. */
  long nextGapNanos() {
    double u = random.nextDouble(); // [0, 1): 1 - u is never 0
    return (long) (-Math.log(1 - u) / rate * 1e9);
  }

  /** Send times of {@code n} requests in nanoseconds after the start; as in vLLM the first goes at once. */
  long[] offsets(int n) {
    long[] out = new long[n];
    long t = 0;
    for (int i = 0; i < n; i++) {
      out[i] = t;
      t += nextGapNanos();
    }
    return out;
  }
}
