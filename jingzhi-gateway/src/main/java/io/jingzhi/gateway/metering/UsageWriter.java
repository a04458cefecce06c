package io.jingzhi.gateway.metering;

import io.jingzhi.common.batch.BatchWriter;
import io.jingzhi.gateway.GatewayProperties;
import io.jingzhi.gateway.usage.ModelCallCompleted;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * Carries usage records from the request path to the database: requests only {@link #offer} into a bounded
 * queue (never blocking, never touching the database); one thread writes batches. While the database fails the
 * unwritten batch stays in memory and is retried with growing pauses; the queue then fills up and further records
 * are dropped and counted, so memory stays bounded and requests are never held up. Stopping (after the web server
 * has stopped taking requests) writes everything that is left. The machinery is the shared {@link BatchWriter};
 * this class gives it the metering settings and the {@code jingzhi.gateway.usage.*} names.
 */
public final class UsageWriter implements SmartLifecycle {

  /** Where batches go; the database in production. A failure leaves the batch to be retried. */
  @FunctionalInterface
  public interface Sink {
    void write(List<ModelCallCompleted> batch);
  }

  /** Stops after the web server, so every request has published its record before the last flush. */
  static final int PHASE = BatchWriter.PHASE;

  private final BatchWriter<ModelCallCompleted> writer;

  public UsageWriter(Sink sink, GatewayProperties.Metering settings, MeterRegistry meters) {
    this.writer = new BatchWriter<>(sink::write,
        new BatchWriter.Settings(settings.queueCapacity(), settings.batchSize(), settings.flushInterval(),
            settings.maxBackoff(), settings.shutdownTimeout()),
        new BatchWriter.Labels("jingzhi-usage-writer", "usage records", "jingzhi.gateway.usage", true,
            UsageWriter.class),
        meters);
  }

  /** Queues a record without ever blocking; false when it was dropped (queue full or writer stopped). */
  public boolean offer(ModelCallCompleted record) {
    return writer.offer(record);
  }

  /** Records in memory that are not stored yet. */
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

  @Override
  public int getPhase() {
    return PHASE;
  }
}
