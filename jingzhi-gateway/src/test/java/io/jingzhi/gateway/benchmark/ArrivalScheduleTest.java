package io.jingzhi.gateway.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

  @Test
  void theSameSeedGivesTheSameSchedule() {
    long[] a = new ArrivalSchedule(5, new SplittableRandom(42)).offsets(100);
    long[] b = new ArrivalSchedule(5, new SplittableRandom(42)).offsets(100);
    long[] c = new ArrivalSchedule(5, new SplittableRandom(43)).offsets(100);
    assertThat(a).containsExactly(b).isNotEqualTo(c);
    assertThat(a[0]).as("the first request goes at once").isZero();
    for (int i = 1; i < a.length; i++) {
      assertThat(a[i]).isGreaterThanOrEqualTo(a[i - 1]);
    }
  }

  @Test
  void gapsAreExponentialWithMeanOneOverTheRate() {
    ArrivalSchedule schedule = new ArrivalSchedule(20, new SplittableRandom(7));
    int n = 50_000;
    double[] gaps = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      gaps[i] = schedule.nextGapNanos() / 1e9;
      sum += gaps[i];
    }
    double mean = sum / n;
    double var = 0;
    int overMean = 0;
    for (double g : gaps) {
      var += (g - mean) * (g - mean);
      overMean += g > mean ? 1 : 0;
    }
    double sd = Math.sqrt(var / (n - 1));
    assertThat(mean).isCloseTo(0.05, within(0.05 * 0.02));
    assertThat(sd / mean).as("coefficient of variation of an exponential is 1").isCloseTo(1.0, within(0.03));
    assertThat(overMean / (double) n).as("P(gap > mean) = 1/e").isCloseTo(Math.exp(-1), within(0.01));
  }

  @Test
  void refusesANonPositiveRate() {
    assertThatThrownBy(() -> new ArrivalSchedule(0, new SplittableRandom())).isInstanceOf(IllegalArgumentException.class);
  }
}
