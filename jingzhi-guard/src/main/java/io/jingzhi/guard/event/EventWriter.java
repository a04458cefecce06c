package io.jingzhi.guard.event;

import io.jingzhi.common.batch.BatchWriter;
import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.GuardDecided;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * Carries guard events from the checking thread (often the gateway's request path) to the database: checks only
 * {@link #offer} into a bounded queue, never blocking and never touching the database; one thread writes batches.
 * While the database fails, the batch is retried with growing pauses and the queue fills up; further events are
 * then dropped and counted ({@code jingzhi.guard.events.dropped}). Stopping writes what is left. The machinery is
 * the shared {@link BatchWriter}; this class gives it the audit settings and the {@code jingzhi.guard.events.*}
 * names.
 */
public final class EventWriter implements SmartLifecycle {

  /** Where batches go; a failure leaves the batch to be retried. */
  @FunctionalInterface
  public interface Sink {
    void write(List<GuardDecided> batch);
  }

  /** Not configurable for audit events: the longest pause between retries while the database fails. */
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** Not configurable for audit events: how long stopping keeps trying to write what is left. */
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private final BatchWriter<GuardDecided> writer;

  public EventWriter(Sink sink, GuardProperties.Audit settings, MeterRegistry meters) {
    this.writer = new BatchWriter<>(sink::write,
        new BatchWriter.Settings(settings.queueCapacity(), settings.batchSize(), settings.flushInterval(),
            MAX_BACKOFF, SHUTDOWN_TIMEOUT),
        new BatchWriter.Labels("jingzhi-guard-event-writer", "guard events", "jingzhi.guard.events", false,
            EventWriter.class),
        meters);
  }

  /** Queues an event without ever blocking; false when it was dropped. */
  public boolean offer(GuardDecided event) {
    return writer.offer(event);
  }

  /** Events in memory that are not stored yet. */
  public int pending() {
    return writer.pending();
  }

  @Override
  public void start() {
    writer.start();
  }

  @Override
  public void stop() {
    writer.stop();
  }

  @Override
  public boolean isRunning() {
    return writer.isRunning();
  }

  /** Stops after the web server (which Boot stops at {@code DEFAULT_PHASE - 2048}) so late checks are kept. */
  @Override
  public int getPhase() {
    return BatchWriter.PHASE;
  }
}
