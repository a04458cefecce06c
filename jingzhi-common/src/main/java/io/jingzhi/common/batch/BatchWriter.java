package io.jingzhi.common.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Carries records from a hot path (a request, a check) to a slow store without ever holding the hot path up:
 * callers only {@link #offer} into a bounded queue; one thread writes batches, full or after the flush interval.
 * While the store fails the unwritten batch stays in memory and is retried with growing pauses; the queue then fills
 * up and further records are dropped and counted, so memory stays bounded. Stopping (late, after the web server)
 * writes what is left within the shutdown timeout and counts what could not be written. Shared so that usage
 * records and guard events keep the same guarantees instead of two copies drifting apart.
 *
 * <p>Metrics, under {@link Labels#metricPrefix()}: {@code .dropped} (tagged {@code reason} = {@code queue_full},
 * {@code stopped} or {@code shutdown} when {@link Labels#tagDropReason()}), {@code .written},
 * {@code .write.failures} and the gauge {@code .pending}.
 *
 * @param <T> the record type
 */
public final class BatchWriter<T> implements SmartLifecycle {

  /**
   * Stops after the web server: Boot stops it at {@code DEFAULT_PHASE - 2048} (lifecycles stop from the highest
   * phase down), so every request has finished and offered its record before the last flush.
   */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final long TICK_MS = 50;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final long LOG_EVERY_MS = 60_000;

  /**
   * How the writer batches and retries.
   *
   * @param queueCapacity records held in memory before further ones are dropped
   * @param batchSize most records written at once
   * @param flushInterval longest time the oldest record of a batch waits for the batch to fill up
   * @param maxBackoff longest pause between two attempts while the store fails
   * @param shutdownTimeout how long stopping keeps trying to write what is left
   */
  public record Settings(int queueCapacity, int batchSize, Duration flushInterval, Duration maxBackoff,
      Duration shutdownTimeout) {

    public Settings {
      if (queueCapacity < 1 || batchSize < 1) {
        throw new IllegalArgumentException("queueCapacity and batchSize must be positive");
      }
    }
  }

  /**
   * What the writer is called in threads, metrics and logs, so each user keeps its own names.
   *
   * @param threadName name of the writer thread
   * @param noun plural of what is written, lower case, for log lines and meter descriptions ("usage records")
   * @param metricPrefix prefix of the meter names ("jingzhi.gateway.usage")
   * @param tagDropReason whether {@code .dropped} is tagged with the reason or is a single counter
   * @param logAs class whose logger reports drops, failures and losses
   */
  public record Labels(String threadName, String noun, String metricPrefix, boolean tagDropReason,
      Class<?> logAs) {}

  private final Consumer<List<T>> sink;
  private final Settings settings;
  private final Labels labels;
  private final Logger log;
  private final BlockingQueue<T> queue;
  /** The batch being written; touched only by the writer thread (and by {@link #stop()} after it ended). */
  private final List<T> batch = new ArrayList<>();
  private final Counter droppedFull;
  private final Counter droppedStopped;
  private final Counter droppedShutdown;
  private final Counter written;
  private final Counter failures;
  private final AtomicLong lastDropLog = new AtomicLong();
  private final AtomicLong lastFailureLog = new AtomicLong();
  private final Object wake = new Object();
  private volatile boolean accepting;
  private volatile boolean running;
  private volatile int batchSize;
  private Thread thread;

  /**
   * @param sink where batches go (the database); it gets an unmodifiable copy, and a {@link RuntimeException}
   *     leaves the batch to be retried
   */
  public BatchWriter(Consumer<List<T>> sink, Settings settings, Labels labels, MeterRegistry meters) {
    this.sink = sink;
    this.settings = settings;
    this.labels = labels;
    this.log = LoggerFactory.getLogger(labels.logAs());
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    Counter untagged = labels.tagDropReason() ? null : dropped(meters, null);
    this.droppedFull = untagged != null ? untagged : dropped(meters, "queue_full");
    this.droppedStopped = untagged != null ? untagged : dropped(meters, "stopped");
    this.droppedShutdown = untagged != null ? untagged : dropped(meters, "shutdown");
    this.written = Counter.builder(labels.metricPrefix() + ".written")
        .description(capitalized(labels.noun()) + " stored").register(meters);
    this.failures = Counter.builder(labels.metricPrefix() + ".write.failures")
        .description("Failed attempts to store a batch of " + labels.noun() + " (retried)").register(meters);
    Gauge.builder(labels.metricPrefix() + ".pending", this, BatchWriter::pending)
        .description(capitalized(labels.noun()) + " in memory, not yet stored").register(meters);
  }

  private Counter dropped(MeterRegistry meters, String reason) {
    Counter.Builder builder = Counter.builder(labels.metricPrefix() + ".dropped")
        .description(capitalized(labels.noun()) + " lost: the queue was full, or the writer was stopping");
    return (reason == null ? builder : builder.tag("reason", reason)).register(meters);
  }

  private static String capitalized(String noun) {
    return noun.isEmpty() ? noun : Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
  }

  /** Queues a record without ever blocking; false when it was dropped (queue full or writer stopped). */
  public boolean offer(T item) {
    if (!accepting) {
      droppedStopped.increment();
      logDrop("the writer is stopped");
      return false;
    }
    if (!queue.offer(item)) {
      droppedFull.increment();
      logDrop("the queue of " + settings.queueCapacity() + " is full");
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
    thread = Thread.ofPlatform().name(labels.threadName()).daemon(true).start(this::run);
  }

  /** Stops taking records and writes what is left, waiting at most a little longer than the shutdown timeout. */
  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    accepting = false;
    running = false;
    synchronized (wake) {
      wake.notifyAll();
    }
    try {
      thread.join(settings.shutdownTimeout().plusSeconds(5).toMillis());
      if (!thread.isAlive() && !queue.isEmpty()) {
        drain(); // a record offered while the writer was finishing
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
        backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
      }
    }
    drain();
  }

  /** Fills the batch until it is full, the oldest record has waited the flush interval, or the writer stops. */
  private void collect() {
    if (!batch.isEmpty()) { // a batch that failed: top it up and retry at once, the backoff has been waited
      takeQueued();
      return;
    }
    long deadline = 0;
    boolean waiting = false;
    while (running && batch.size() < settings.batchSize()) {
      takeQueued();
      if (!batch.isEmpty() && !waiting) {
        waiting = true;
        deadline = System.nanoTime() + settings.flushInterval().toNanos();
      }
      if (batch.size() >= settings.batchSize() || (waiting && System.nanoTime() - deadline >= 0)) {
        return;
      }
      if (!awaitNext()) {
        return;
      }
    }
  }

  private void takeQueued() {
    queue.drainTo(batch, settings.batchSize() - batch.size());
    batchSize = batch.size();
  }

  /** Waits one tick for a record; false when interrupted. */
  private boolean awaitNext() {
    try {
      T next = queue.poll(TICK_MS, TimeUnit.MILLISECONDS);
      if (next != null) {
        batch.add(next);
        batchSize = batch.size();
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Writes what is left when stopping; keeps retrying until the shutdown timeout, then counts the loss. */
  private void drain() {
    long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
    Duration backoff = FIRST_BACKOFF;
    while (true) {
      takeQueued();
      if (batch.isEmpty()) {
        return;
      }
      if (tryWrite()) {
        continue;
      }
      if (System.nanoTime() - deadline >= 0) {
        giveUp();
        return;
      }
      sleep(backoff);
      backoff = backoff.multipliedBy(2);
    }
  }

  private void giveUp() {
    int lost = batch.size() + queue.size();
    droppedShutdown.increment(lost);
    log.error("Stopping: {} {} could not be stored and are lost", lost, labels.noun());
    batch.clear();
    queue.clear();
    batchSize = 0;
  }

  private boolean tryWrite() {
    try {
      sink.accept(List.copyOf(batch));
      written.increment(batch.size());
      batch.clear();
      batchSize = 0;
      return true;
    } catch (RuntimeException e) {
      failures.increment();
      if (due(lastFailureLog)) {
        log.warn("Could not store {} {} ({} in memory); retrying: {}", batch.size(), labels.noun(), pending(),
            e.toString());
      }
      return false;
    }
  }

  /** Waits, but wakes up at once when the writer is stopped. */
  private void pause(Duration d) {
    synchronized (wake) {
      try {
        if (running) {
          wake.wait(d.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) > 0 ? b : a;
  }

  private void logDrop(String why) {
    if (due(lastDropLog)) {
      log.warn("{} are being dropped: {}; see the metric {}.dropped", capitalized(labels.noun()), why,
          labels.metricPrefix());
    }
  }

  /** At most one log line a minute per kind, however often it happens. */
  private static boolean due(AtomicLong lastLog) {
    long now = System.currentTimeMillis();
    long last = lastLog.get();
    return now - last >= LOG_EVERY_MS && lastLog.compareAndSet(last, now);
  }
}
