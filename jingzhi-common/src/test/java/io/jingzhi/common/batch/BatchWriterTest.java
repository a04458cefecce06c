package io.jingzhi.common.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What the two writers' own tests do not reach: the untagged drop counter and the backoff cap. */
class BatchWriterTest {

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  BatchWriter<Integer> writer(Consumer<List<Integer>> sink, int capacity, Duration maxBackoff, boolean tagged) {
    return new BatchWriter<>(sink, new BatchWriter.Settings(capacity, 10, Duration.ofMillis(1), maxBackoff,
        Duration.ofMillis(200)), new BatchWriter.Labels("test-writer", "things", "test.things", tagged,
        BatchWriterTest.class), meters);
  }

  @Test
  void withoutReasonTagsEveryLossGoesToOneCounter() throws Exception {
    CountDownLatch failing = new CountDownLatch(1);
    BatchWriter<Integer> writer = writer(batch -> {
      failing.countDown();
      throw new IllegalStateException("down");
    }, 1, Duration.ofMillis(20), false);
    assertThat(writer.offer(0)).as("not started").isFalse();
    writer.start();
    assertThat(writer.offer(1)).isTrue();
    assertThat(failing.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(writer.offer(2)).isTrue();
    assertThat(writer.offer(3)).as("queue of 1 is full").isFalse();
    writer.stop();

    // stopped (0), queue full (3), and at shutdown the batch (1) and the queued (2)
    assertThat(meters.get("test.things.dropped").counters()).hasSize(1);
    assertThat(meters.counter("test.things.dropped").count()).isEqualTo(4);
    assertThat(writer.pending()).isZero();
    assertThat(writer.isRunning()).isFalse();
  }

  @Test
  void retriesNoLessOftenThanTheMaximumBackoff() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    BatchWriter<Integer> writer = writer(batch -> {
      attempts.incrementAndGet();
      throw new IllegalStateException("down");
    }, 10, Duration.ofMillis(20), true);
    writer.start();
    writer.offer(1);
    Thread.sleep(800);
    int whileRunning = attempts.get();
    writer.stop();

    // Uncapped doubling from 100 ms would allow about four attempts in 800 ms; capped at 20 ms, dozens.
    assertThat(whileRunning).isGreaterThanOrEqualTo(10);
    assertThat(meters.get("test.things.write.failures").counter().count()).isGreaterThanOrEqualTo(whileRunning);
    assertThat(meters.get("test.things.dropped").tag("reason", "shutdown").counter().count()).isEqualTo(1);
  }
}
