package io.jingzhi.gateway.metering;

import io.jingzhi.gateway.GatewayProperties;
import io.jingzhi.gateway.usage.ModelCallCompleted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Carries usage records from the request path to the database: requests only {@link #offer} into a bounded
 * queue (never blocking, never touching the database); one thread writes batches. While the database fails the
 * unwritten batch stays in memory and is retried with growing pauses; the queue then fills up and further records
 * are dropped and counted, so memory stays bounded and requests are never held up. Stopping (after the web server
 * has stopped taking requests) writes everything that is left.
 */
public final class UsageWriter implements SmartLifecycle {

  /** Where batches go; the database in production. A failure leaves the batch to be retried. */
  @FunctionalInterface
  public interface Sink {
    void write(List<ModelCallCompleted> batch);
  }

  /**
   * Stops after the web server: Boot stops it at {@code DEFAULT_PHASE - 2048} (lifecycles stop from the highest
   * phase down), so every request has finished and published its record before the last flush.
   */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger log = LoggerFactory.getLogger(UsageWriter.class);
  private static final long TICK_MS = 50;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final long LOG_EVERY_MS = 60_000;

  private final Sink sink;
  private final GatewayProperties.Metering settings;
  private final BlockingQueue<ModelCallCompleted> queue;
  /** The batch being written; touched only by the writer thread (and by {@link #stop()} after it ended). */
  private final List<ModelCallCompleted> batch = new ArrayList<>();
  private final Counter droppedFull;
  private final Counter droppedStopped;
  private final Counter droppedShutdown;
  private final Counter written;
  private final Counter failures;
  private final AtomicLong lastDropLog = new AtomicLong();
  private final AtomicLong lastFailureLog = new AtomicLong();
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private volatile boolean accepting;
  private volatile boolean running;
  private volatile int batchSize;
  private Thread thread;

  public UsageWriter(Sink sink, GatewayProperties.Metering settings, MeterRegistry meters) {
    this.sink = sink;
    this.settings = settings;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.droppedFull = dropped(meters, "queue_full");
    this.droppedStopped = dropped(meters, "stopped");
    this.droppedShutdown = dropped(meters, "shutdown");
    this.written = Counter.builder("jingzhi.gateway.usage.written").description("Usage records stored")
        .register(meters);
    this.failures = Counter.builder("jingzhi.gateway.usage.write.failures")
        .description("Failed attempts to store a batch of usage records (retried)").register(meters);
    Gauge.builder("jingzhi.gateway.usage.pending", this, UsageWriter::pending)
        .description("Usage records in memory, not yet stored").register(meters);
  }

  private static Counter dropped(MeterRegistry meters, String reason) {
    return Counter.builder("jingzhi.gateway.usage.dropped").tag("reason", reason)
        .description("Usage records lost: the queue was full, or the server was stopping").register(meters);
  }

  /** Queues a record without ever blocking; false when it was dropped (queue full or writer stopped). */
  public boolean offer(ModelCallCompleted record) {
    if (!accepting) {
      droppedStopped.increment();
      logDrop("the usage writer is stopped");
      return false;
    }
    if (!queue.offer(record)) {
      droppedFull.increment();
      logDrop("the usage queue is full (" + settings.queueCapacity() + " records)");
      return false;
    }
    return true;
  }

  /** Records in memory that are not stored yet. */
  public int pending() {
    return queue.size() + batchSize;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    accepting = true;
    running = true;
    thread = Thread.ofPlatform().name("jingzhi-usage-writer").daemon(true).start(this::run);
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    accepting = false;
    running = false;
    stopSignal.countDown();
    try {
      thread.join(settings.shutdownTimeout().plusSeconds(5).toMillis());
      if (!thread.isAlive() && !queue.isEmpty()) {
        drain(); // a record published while the writer was finishing
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  private void run() {
    Duration backoff = FIRST_BACKOFF;
    while (running) {
      collect();
      if (batch.isEmpty()) {
        continue;
      }
      if (tryWrite()) {
        backoff = FIRST_BACKOFF;
      } else {
        pause(backoff);
        backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
            : backoff.multipliedBy(2);
      }
    }
    drain();
  }

  /** Fills the batch until it is full, the oldest record has waited the flush interval, or the writer stops. */
  private void collect() {
    if (!batch.isEmpty()) { // a batch that failed: top it up and retry at once, the backoff has been waited
      queue.drainTo(batch, settings.batchSize() - batch.size());
      batchSize = batch.size();
      return;
    }
    boolean waiting = false;
    long deadline = 0;
    while (running && batch.size() < settings.batchSize()) {
      queue.drainTo(batch, settings.batchSize() - batch.size());
      batchSize = batch.size();
      if (!batch.isEmpty() && !waiting) {
        waiting = true;
        deadline = System.nanoTime() + settings.flushInterval().toNanos();
      }
      if (batch.size() >= settings.batchSize() || (waiting && System.nanoTime() - deadline >= 0)) {
        return;
      }
      try {
        ModelCallCompleted next = queue.poll(TICK_MS, TimeUnit.MILLISECONDS);
        if (next != null) {
          batch.add(next);
          batchSize = batch.size();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Writes what is left when stopping; keeps retrying until the shutdown timeout, then reports the loss. */
  private void drain() {
    long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
    Duration backoff = FIRST_BACKOFF;
    while (true) {
      queue.drainTo(batch, settings.batchSize() - batch.size());
      batchSize = batch.size();
      if (batch.isEmpty()) {
        return;
      }
      if (tryWrite()) {
        continue;
      }
      if (System.nanoTime() - deadline >= 0) {
        int lost = batch.size() + queue.size();
        droppedShutdown.increment(lost);
        log.error("Stopping: {} usage records could not be stored and are lost", lost);
        batch.clear();
        queue.clear();
        batchSize = 0;
        return;
      }
      sleep(backoff);
      backoff = backoff.multipliedBy(2);
    }
  }

  private boolean tryWrite() {
    try {
      sink.write(List.copyOf(batch));
      written.increment(batch.size());
      batch.clear();
      batchSize = 0;
      return true;
    } catch (RuntimeException e) {
      failures.increment();
      long now = System.currentTimeMillis();
      long last = lastFailureLog.get();
      if (now - last >= LOG_EVERY_MS && lastFailureLog.compareAndSet(last, now)) {
        log.warn("Could not store {} usage records ({} in memory); retrying: {}", batch.size(), pending(),
            e.toString());
      }
      return false;
    }
  }

  /** Waits, but wakes up at once when the writer is stopped. */
  private void pause(Duration d) {
    try {
      stopSignal.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void logDrop(String why) {
    long now = System.currentTimeMillis();
    long last = lastDropLog.get();
    if (now - last >= LOG_EVERY_MS && lastDropLog.compareAndSet(last, now)) {
      log.warn("Usage records are being dropped: {}; see the metric jingzhi.gateway.usage.dropped", why);
    }
  }
}
