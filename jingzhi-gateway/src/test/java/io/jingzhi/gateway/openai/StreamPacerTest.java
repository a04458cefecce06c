package io.jingzhi.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.gateway.GatewayProperties.Pacing;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamPacerTest {

  private static Pacing pacing(boolean enabled) {
    return new Pacing(enabled, Duration.ofMillis(10), Duration.ofMillis(2), Duration.ofMillis(20),
        Duration.ofMillis(100));
  }

  /** Feeds the same lag until the moving average has settled on it. */
  private static StreamPacer settledAt(StreamPacer pacer, long lagMillis) {
    for (int i = 0; i < 200; i++) {
      pacer.record(Duration.ofMillis(lagMillis).toNanos());
    }
    return pacer;
  }

  @Test
  void streamsDoNotPauseWhileVirtualThreadsRunOnTime() {
    assertThat(settledAt(new StreamPacer(pacing(true), false), 0).pauseNanos()).isZero();
    assertThat(settledAt(new StreamPacer(pacing(true), false), 2).pauseNanos()).isZero();
  }

  @Test
  void thePauseGrowsWithTheLagUpToItsBound() {
    StreamPacer pacer = new StreamPacer(pacing(true), false);
    long justAbove = settledAt(pacer, 3).pauseNanos();
    assertThat(Duration.ofNanos(justAbove)).as("never a pause too short to merge tokens")
        .isBetween(Duration.ofMillis(50), Duration.ofMillis(55));
    long at11 = settledAt(pacer, 11).pauseNanos();
    assertThat(Duration.ofNanos(at11)).isBetween(Duration.ofMillis(74), Duration.ofMillis(76));
    assertThat(settledAt(pacer, 20).pauseNanos()).isCloseTo(Duration.ofMillis(100).toNanos(),
        org.assertj.core.data.Offset.offset(Duration.ofMillis(1).toNanos()));
    assertThat(settledAt(pacer, 500).pauseNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(settledAt(pacer, 0).pauseNanos()).as("back to no pause once the lag is gone").isZero();
  }

  @Test
  void disabledPacingNeverPauses() {
    assertThat(settledAt(new StreamPacer(pacing(false), false), 500).pauseNanos()).isZero();
  }

  @Test
  void theProbeMeasuresALagOnARealVirtualThread() throws InterruptedException {
    try (StreamPacer pacer = new StreamPacer(pacing(true), true)) {
      Thread.sleep(200);
      assertThat(pacer.lagMillis()).as("some lag was measured, and not an absurd one").isGreaterThan(0)
          .isLessThan(1000);
    }
  }
}
