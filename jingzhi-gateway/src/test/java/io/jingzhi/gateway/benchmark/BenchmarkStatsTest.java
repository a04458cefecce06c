package io.jingzhi.gateway.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkStatsTest {

  private static Sample ok(double start, double end, double ttft, double[] itl, int prompt, int completion) {
    return new Sample(true, null, start, end, ttft, itl, prompt, completion);
  }

  @Test
  void percentilesInterpolateLinearlyBetweenRanksAsNumPyDoes() {
    double[] oneToTen = {10, 3, 1, 4, 2, 5, 6, 8, 7, 9};
    Distribution d = Distribution.of(oneToTen);
    assertThat(d.mean()).isEqualTo(5.5);
    assertThat(d.median()).isEqualTo(5.5);
    assertThat(d.p90()).isEqualTo(9.1);
    assertThat(d.p95()).isEqualTo(9.55);
    assertThat(d.p99()).isEqualTo(9.91);
    Distribution five = Distribution.of(new double[] {15, 20, 35, 40, 50});
    assertThat(five.median()).isEqualTo(35);
    assertThat(five.p90()).isEqualTo(46);
    assertThat(five.p95()).isEqualTo(48);
    assertThat(five.p99()).isEqualTo(49.6);
    assertThat(Distribution.of(new double[] {7}).p99()).isEqualTo(7);
    assertThat(Distribution.of(new double[0])).isEqualTo(Distribution.EMPTY);
  }

  @Test
  void metricsFollowVllmDefinitions() {
    List<Sample> samples = List.of(
        ok(0, 100, 20, new double[] {10, 10}, 10, 9),   // TPOT (100-20)/(9-1) = 10
        ok(0, 200, 40, new double[] {30}, 10, 5),       // TPOT (200-40)/(5-1) = 40
        ok(50, 80, 30, new double[0], 10, 1),           // one token: no TPOT, 0 for goodput
        Sample.failed("HTTP 500: boom", 0, 10));
    BenchmarkResults r = BenchmarkStats.results(4, samples, 0.5, new Slo(30.0, 20.0, null));

    assertThat(r.requests()).isEqualTo(4);
    assertThat(r.completed()).isEqualTo(3);
    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.requestThroughput()).isEqualTo(6);
    assertThat(r.inputTokenThroughput()).isEqualTo(60);
    assertThat(r.outputTokenThroughput()).isEqualTo(30);
    assertThat(r.totalTokenThroughput()).isEqualTo(90);
    assertThat(r.goodput()).as("requests 1 and 3 meet TTFT <= 30 and TPOT <= 20").isEqualTo(4);
    assertThat(r.ttftMs().mean()).isEqualTo(30);
    assertThat(r.ttftMs().median()).isEqualTo(30);
    assertThat(r.tpotMs().mean()).isEqualTo(25);
    assertThat(r.tpotMs().p99()).isCloseTo(39.7, within(1e-9));
    assertThat(r.itlMs().median()).as("inter-token gaps of all requests together").isEqualTo(10);
    assertThat(r.itlMs().mean()).isCloseTo(16.667, within(1e-9));
    assertThat(r.e2eMs().mean()).isEqualTo(110);
    assertThat(r.errors()).containsEntry("HTTP 500: boom", 1);
  }

  @Test
  void goodputIsAbsentWithoutSlosAndCountsTheE2eObjective() {
    List<Sample> samples = List.of(ok(0, 100, 20, new double[0], 1, 2), ok(0, 300, 20, new double[0], 1, 2));
    assertThat(BenchmarkStats.results(2, samples, 1, null).goodput()).isNull();
    assertThat(BenchmarkStats.results(2, samples, 1, new Slo(null, null, 150.0)).goodput()).isEqualTo(1);
  }

  @Test
  void aRunWithoutSuccessesHasEmptyDistributions() {
    BenchmarkResults r = BenchmarkStats.results(1, List.of(Sample.failed("x", 0, 1)), 0.1, null);
    assertThat(r.completed()).isZero();
    assertThat(r.ttftMs()).isEqualTo(Distribution.EMPTY);
    assertThat(r.requestThroughput()).isZero();
  }

  @Test
  void timelineCountsCompletionsAndSpreadsTokensOverGeneration() {
    List<Sample> samples = List.of(ok(0, 950, 200, new double[0], 1, 80), ok(500, 1900, 100, new double[0], 1, 40),
        Sample.failed("x", 0, 300));
    List<TimelinePoint> points = BenchmarkStats.timeline(samples, 2.0);
    double width = BenchmarkStats.bucketWidth(2.0);
    assertThat(width).isEqualTo(0.1);
    assertThat(points).hasSize(20);
    assertThat(points.getLast().completed()).isEqualTo(2);
    assertThat(points.getLast().tS()).isEqualTo(2.0);
    assertThat(points.get(9).completed()).isEqualTo(1);
    assertThat(points.get(9).ttftMsP50()).isEqualTo(200);
    assertThat(points.get(0).ttftMsP50()).isNull();
    double tokens = points.stream().mapToDouble(p -> p.outputTokensPerS() * width).sum();
    assertThat(tokens).isCloseTo(120, within(0.05));
    assertThat(points.get(0).outputTokensPerS()).isZero();
    assertThat(points.get(5).outputTokensPerS()).as("80 tokens over 0.75 s").isCloseTo(106.667, within(0.01));
  }

  @Test
  void timelineKeepsAtMostAHundredAndTwentyPoints() {
    assertThat(BenchmarkStats.bucketWidth(3600)).isEqualTo(30);
    assertThat(BenchmarkStats.timeline(List.of(ok(0, 10, 5, new double[0], 1, 1)), 3600)).hasSizeLessThanOrEqualTo(120);
  }
}
