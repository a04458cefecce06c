package io.jingzhi.guard.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.GuardDecided;
import io.jingzhi.guard.api.GuardDirection;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class EventWriterTest {

  private static GuardProperties.Audit settings(int capacity, int batch) {
    return new GuardProperties.Audit(capacity, batch, Duration.ofHours(1), "blocked", 100, DataSize.ofMegabytes(1),
        10);
  }

  private static GuardDecided event(int i) {
    GuardSubject s = new GuardSubject(1L, 1L, 2L, "u", null, null, null, null, null, null, "api");
    return new GuardDecided("e" + i, Instant.now(), s, GuardDirection.INPUT, GuardVerdict.allow("t"), "t", null, 1);
  }

  @Test
  void writesFullBatchesAndWhatIsLeftWhenStopped() {
    List<List<GuardDecided>> batches = new ArrayList<>();
    EventWriter writer = new EventWriter(b -> {
      synchronized (batches) {
        batches.add(b);
      }
    }, settings(1000, 4), new SimpleMeterRegistry());
    writer.start();
    for (int i = 0; i < 10; i++) {
      assertThat(writer.offer(event(i))).isTrue();
    }
    writer.stop();
    synchronized (batches) {
      assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(10);
      assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(4));
      assertThat(batches.stream().flatMap(List::stream).map(GuardDecided::eventId))
          .containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9");
    }
    assertThat(writer.pending()).isZero();
  }

  @Test
  void aFailedBatchIsRetriedWholeAndNothingIsLost() {
    AtomicInteger attempts = new AtomicInteger();
    List<String> stored = new ArrayList<>();
    EventWriter writer = new EventWriter(b -> {
      if (attempts.incrementAndGet() == 1) {
        throw new IllegalStateException("database down");
      }
      synchronized (stored) {
        b.forEach(e -> stored.add(e.eventId()));
      }
    }, settings(1000, 100), new SimpleMeterRegistry());
    writer.start();
    writer.offer(event(1));
    writer.offer(event(2));
    writer.stop();
    assertThat(stored).containsExactly("e1", "e2");
    assertThat(attempts.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aStoppedWriterDropsInsteadOfBlocking() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    EventWriter writer = new EventWriter(b -> { }, settings(100, 10), meters);
    assertThat(writer.offer(event(1))).isFalse();
    assertThat(meters.counter("jingzhi.guard.events.dropped").count()).isEqualTo(1);
  }
}
