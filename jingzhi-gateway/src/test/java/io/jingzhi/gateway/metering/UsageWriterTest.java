package io.jingzhi.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.gateway.GatewayProperties;
import io.jingzhi.gateway.usage.ModelCallCompleted;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UsageWriterTest {

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<List<ModelCallCompleted>> batches = new CopyOnWriteArrayList<>();

  static ModelCallCompleted record(int i) {
    return new ModelCallCompleted(Instant.now(), "chat.completions", 7, 1L, 2L, 3L, 4, "m", 5L, 10, 20, false,
        true, "ok", 200, 30, 40, 50, 0, "req-" + i, null, null);
  }

  static GatewayProperties.Metering settings(int capacity, int batch, Duration flush, Duration shutdown) {
    return new GatewayProperties.Metering(capacity, batch, flush, Duration.ofMillis(20), shutdown);
  }

  List<String> written() {
    return batches.stream().flatMap(List::stream).map(ModelCallCompleted::requestId).toList();
  }

  double counter(String name, String... tags) {
    return meters.get(name).tags(tags).counter().count();
  }

  @Test
  void stoppingWritesEverythingStillQueuedInBatchesOfAtMostTheBatchSize() {
    // An hour-long flush interval: only full batches are written while running, the rest only by stop().
    UsageWriter writer = new UsageWriter(batches::add, settings(10_000, 500, Duration.ofHours(1),
        Duration.ofSeconds(5)), meters);
    writer.start();
    IntStream.range(0, 1234).forEach(i -> assertThat(writer.offer(record(i))).isTrue());
    writer.stop();

    assertThat(written()).containsExactlyElementsOf(IntStream.range(0, 1234).mapToObj(i -> "req-" + i).toList());
    assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(500));
    assertThat(writer.pending()).isZero();
    assertThat(writer.isRunning()).isFalse();
    assertThat(counter("jingzhi.gateway.usage.written")).isEqualTo(1234);
  }

  @Test
  void keepsRecordsWhileTheDatabaseFailsAndWritesThemOnceItIsBack() throws Exception {
    AtomicBoolean down = new AtomicBoolean(true);
    CountDownLatch failedTwice = new CountDownLatch(2);
    UsageWriter.Sink database = batch -> {
      if (down.get()) {
        failedTwice.countDown();
        throw new IllegalStateException("connection refused");
      }
      batches.add(batch);
    };
    UsageWriter writer = new UsageWriter(database, settings(100, 500, Duration.ofMillis(1), Duration.ofSeconds(5)),
        meters);
    writer.start();
    IntStream.range(0, 10).forEach(i -> writer.offer(record(i)));
    assertThat(failedTwice.await(10, TimeUnit.SECONDS)).as("the writer retries").isTrue();
    assertThat(writer.pending()).as("nothing lost while the database is down").isEqualTo(10);
    assertThat(batches).isEmpty();

    down.set(false);
    writer.stop();
    assertThat(written()).containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "req-" + i).toList());
    assertThat(counter("jingzhi.gateway.usage.write.failures")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    UsageWriter.Sink slowDatabase = batch -> {
      writing.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      batches.add(batch);
    };
    UsageWriter writer = new UsageWriter(slowDatabase, settings(2, 1, Duration.ofMillis(1), Duration.ofSeconds(5)),
        meters);
    writer.start();
    writer.offer(record(0));
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(writer.offer(record(1))).isTrue();
    assertThat(writer.offer(record(2))).isTrue();
    assertThat(writer.offer(record(3))).as("queue of 2 is full").isFalse();
    assertThat(counter("jingzhi.gateway.usage.dropped", "reason", "queue_full")).isEqualTo(1);

    release.countDown();
    writer.stop();
    assertThat(written()).containsExactly("req-0", "req-1", "req-2");
  }

  @Test
  void aDatabaseThatStaysDownDoesNotHoldUpShutdownForeverAndTheLossIsCounted() {
    List<Integer> attempts = new ArrayList<>();
    UsageWriter writer = new UsageWriter(batch -> {
      attempts.add(batch.size());
      throw new IllegalStateException("down");
    }, settings(100, 500, Duration.ofHours(1), Duration.ofMillis(200)), meters);
    writer.start();
    IntStream.range(0, 7).forEach(i -> writer.offer(record(i)));
    writer.stop();

    assertThat(writer.isRunning()).isFalse();
    // The writer may have tried an early batch before all seven arrived; failed records stay and are retried
    // together, so the last attempt holds all of them.
    assertThat(attempts).isNotEmpty();
    assertThat(attempts.getLast()).isEqualTo(7);
    assertThat(counter("jingzhi.gateway.usage.dropped", "reason", "shutdown")).isEqualTo(7);
    assertThat(writer.pending()).isZero();
  }

  @Test
  void recordsArrivingAfterStopAreCountedAsDropped() {
    UsageWriter writer = new UsageWriter(batches::add, settings(10, 5, Duration.ofMillis(1), Duration.ofSeconds(1)),
        meters);
    writer.start();
    writer.stop();
    assertThat(writer.offer(record(1))).isFalse();
    assertThat(counter("jingzhi.gateway.usage.dropped", "reason", "stopped")).isEqualTo(1);
    assertThat(batches).isEmpty();
  }
}
