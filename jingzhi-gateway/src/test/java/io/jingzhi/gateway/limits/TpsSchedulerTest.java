package io.jingzhi.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The capacity queue, driven by a hand-moved clock: no threads, no sleeps. */
class TpsSchedulerTest {

  static final long GUARANTEED = 1;
  static final long GREEDY = 2;
  static final Duration DEADLINE = Duration.ofSeconds(2);

  final TestClock clock = new TestClock(Instant.parse("2025-03-01T08:00:00Z"));
  final TpsScheduler scheduler = new TpsScheduler(clock, model -> model.equals("llm") ? 100 : 0,
      tenant -> Map.of(GUARANTEED, 40L).getOrDefault(tenant, 0L).intValue());

  @Test
  void modelsWithoutCapacityAreNeverQueued() {
    for (int i = 0; i < 100; i++) {
      assertThat(scheduler.request("other", GREEDY, 1000, DEADLINE).admitted()).isCompletedWithValue(true);
    }
    assertThat(scheduler.idle()).isTrue();
  }

  @Test
  void admitsWhileTheLastSecondLeavesRoomThenQueuesUntilTheWindowMoves() {
    assertThat(scheduler.request("llm", GREEDY, 60, DEADLINE).admitted()).isCompletedWithValue(true);
    var second = scheduler.request("llm", GREEDY, 60, DEADLINE);
    assertThat(second.admitted()).isNotDone();
    assertThat(scheduler.queued("llm")).isEqualTo(1);
    clock.advance(Duration.ofMillis(999));
    scheduler.tick();
    assertThat(second.admitted()).isNotDone();
    clock.advance(Duration.ofMillis(1));
    scheduler.tick();
    assertThat(second.admitted()).isCompletedWithValue(true);
    assertThat(scheduler.rate("llm")).isEqualTo(60);
  }

  @Test
  void aTenantBelowItsGuaranteeIsServedBeforeEarlierCallsOfATenantAboveIt() {
    scheduler.request("llm", GREEDY, 100, DEADLINE);
    var greedyWaiting = scheduler.request("llm", GREEDY, 60, DEADLINE);
    clock.advance(Duration.ofMillis(100));
    var guaranteed = scheduler.request("llm", GUARANTEED, 60, DEADLINE);
    assertThat(guaranteed.admitted()).isNotDone();
    clock.advance(Duration.ofMillis(900));
    scheduler.tick();
    assertThat(guaranteed.admitted()).as("below its guarantee of 40 tokens/s").isCompletedWithValue(true);
    assertThat(greedyWaiting.admitted()).as("60 more do not fit into 100").isNotDone();
    clock.advance(Duration.ofSeconds(1));
    scheduler.tick();
    assertThat(greedyWaiting.admitted()).as("its 2 s deadline came first").isCompletedWithValue(false);
  }

  @Test
  void aTenantAtItsGuaranteeQueuesInArrivalOrder() {
    var first = scheduler.request("llm", GUARANTEED, 100, DEADLINE);
    var greedy = scheduler.request("llm", GREEDY, 60, DEADLINE);
    var guaranteed = scheduler.request("llm", GUARANTEED, 60, DEADLINE);
    scheduler.correct(first, 40); // it used 40 tokens: exactly its guarantee, and 60 of the capacity are free
    assertThat(greedy.admitted()).as("first in line once the guarantee is used").isCompletedWithValue(true);
    assertThat(guaranteed.admitted()).isNotDone();
  }

  @Test
  void callsStillQueuedAtTheirDeadlineAreRefused() {
    scheduler.request("llm", GREEDY, 100, DEADLINE);
    var late = scheduler.request("llm", GREEDY, 100, Duration.ofMillis(500));
    clock.advance(Duration.ofMillis(500));
    scheduler.tick();
    assertThat(late.admitted()).isCompletedWithValue(false);
    assertThat(scheduler.idle()).isTrue();
    assertThat(scheduler.cancel(late)).as("a refused ticket stays refused").isTrue();
  }

  @Test
  void correctingAnOverestimateFreesCapacityAtOnce() {
    var first = scheduler.request("llm", GREEDY, 100, DEADLINE);
    var waiting = scheduler.request("llm", GREEDY, 50, DEADLINE);
    assertThat(waiting.admitted()).isNotDone();
    scheduler.correct(first, 20);
    assertThat(waiting.admitted()).isCompletedWithValue(true);
    assertThat(scheduler.rate("llm")).isEqualTo(70);
  }

  @Test
  void aCancelledTicketLeavesTheQueueUnlessItWasAdmittedMeanwhile() {
    scheduler.request("llm", GREEDY, 100, DEADLINE);
    var waiting = scheduler.request("llm", GREEDY, 50, DEADLINE);
    assertThat(scheduler.cancel(waiting)).isTrue();
    assertThat(scheduler.queued("llm")).isZero();
    clock.advance(Duration.ofSeconds(1));
    var admitted = scheduler.request("llm", GREEDY, 50, DEADLINE);
    assertThat(scheduler.cancel(admitted)).isFalse();
  }

  @Test
  void aCallLargerThanTheCapacityGoesAloneRatherThanNever() {
    assertThat(scheduler.request("llm", GREEDY, 500, DEADLINE).admitted()).isCompletedWithValue(true);
    var next = scheduler.request("llm", GREEDY, 10, DEADLINE);
    assertThat(next.admitted()).isNotDone();
  }

  @Test
  void theDispatcherIsWokenOnlyWhenACallIsLeftWaiting() {
    var wakeUps = new java.util.concurrent.atomic.AtomicInteger();
    scheduler.onQueued(wakeUps::incrementAndGet);
    scheduler.request("other", GREEDY, 1000, DEADLINE);
    scheduler.request("llm", GREEDY, 60, DEADLINE);
    assertThat(wakeUps).as("admitted at once: nothing for the dispatcher to do").hasValue(0);
    var waiting = scheduler.request("llm", GREEDY, 60, DEADLINE);
    assertThat(waiting.admitted()).isNotDone();
    assertThat(wakeUps).hasValue(1);
    assertThat(scheduler.idle()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    scheduler.tick();
    assertThat(waiting.admitted()).isCompletedWithValue(true);
    assertThat(scheduler.idle()).as("the dispatcher may sleep again").isTrue();
  }
}
