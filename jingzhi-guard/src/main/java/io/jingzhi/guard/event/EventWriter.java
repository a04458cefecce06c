package io.jingzhi.guard.event;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.GuardDecided;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Carries guard events from the checking thread (often the gateway's request path) to the database: checks only
 * {@link #offer} into a bounded queue, never blocking and never touching the database; one thread writes batches.
 * While the database fails, the batch is retried with growing pauses and the queue fills up; further events are
 * then dropped and counted ({@code jingzhi.guard.events.dropped}). Stopping writes what is left.
 */
public final class EventWriter implements SmartLifecycle {

  /** Where batches go; a failure leaves the batch to be retried. */
  @FunctionalInterface
  public interface Sink {
    void write(List<GuardDecided> batch);
  }

  private static final Logger log = LoggerFactory.getLogger(EventWriter.class);
  private static final long TICK_MS = 50;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
  private static final long LOG_EVERY_MS = 60_000;

  private final Sink sink;
  private final GuardProperties.Audit settings;
  private final BlockingQueue<GuardDecided> queue;
  private final List<GuardDecided> batch = new ArrayList<>();
  private final Counter dropped;
  private final Counter written;
  private final AtomicLong lastLog = new AtomicLong();
  private final Object wake = new Object();
  private volatile boolean accepting;
  private volatile boolean running;
  private volatile int inBatch;
  private Thread thread;

  public EventWriter(Sink sink, GuardProperties.Audit settings, MeterRegistry meters) {
    this.sink = sink;
    this.settings = settings;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.dropped = Counter.builder("jingzhi.guard.events.dropped")
        .description("Guard events lost: the queue was full or the writer stopped").register(meters);
    this.written = Counter.builder("jingzhi.guard.events.written").description("Guard events stored")
        .register(meters);
    Gauge.builder("jingzhi.guard.events.pending", this, EventWriter::pending)
        .description("Guard events in memory, not yet stored").register(meters);
  }

  /** Queues an event without ever blocking; false when it was dropped. */
  public boolean offer(GuardDecided event) {
    if (accepting && queue.offer(event)) {
      return true;
    }
    dropped.increment();
    long now = System.currentTimeMillis();
    long last = lastLog.get();
    if (now - last >= LOG_EVERY_MS && lastLog.compareAndSet(last, now)) {
      log.warn("Guard events are being dropped ({}); see the metric jingzhi.guard.events.dropped",
          accepting ? "the queue of " + settings.queueCapacity() + " is full" : "the writer is stopped");
    }
    return false;
  }

  public int pending() {
    return queue.size() + inBatch;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    accepting = true;
    running = true;
    thread = Thread.ofPlatform().name("jingzhi-guard-event-writer").daemon(true).start(this::run);
  }

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
      thread.join(SHUTDOWN_TIMEOUT.plusSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops after the web server (which Boot stops at {@code DEFAULT_PHASE - 2048}) so late checks are kept. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }

  private void run() {
    Duration backoff = Duration.ofMillis(100);
    while (running) {
      collect();
      if (batch.isEmpty()) {
        continue;
      }
      if (tryWrite()) {
        backoff = Duration.ofMillis(100);
      } else {
        pause(backoff);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    }
    drain();
  }

  /** Fills the batch until it is full, its oldest event waited the flush interval, or the writer stops. */
  private void collect() {
    long deadline = 0;
    while (running && batch.size() < settings.batchSize()) {
      queue.drainTo(batch, settings.batchSize() - batch.size());
      inBatch = batch.size();
      if (!batch.isEmpty() && deadline == 0) {
        deadline = System.nanoTime() + settings.flushInterval().toNanos();
      }
      if (batch.size() >= settings.batchSize() || (deadline != 0 && System.nanoTime() - deadline >= 0)) {
        return;
      }
      try {
        GuardDecided next = queue.poll(TICK_MS, TimeUnit.MILLISECONDS);
        if (next != null) {
          batch.add(next);
          inBatch = batch.size();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void drain() {
    long deadline = System.nanoTime() + SHUTDOWN_TIMEOUT.toNanos();
    while (true) {
      queue.drainTo(batch, settings.batchSize() - batch.size());
      inBatch = batch.size();
      if (batch.isEmpty()) {
        return;
      }
      if (tryWrite()) {
        continue;
      }
      if (System.nanoTime() - deadline >= 0) {
        int lost = batch.size() + queue.size();
        dropped.increment(lost);
        log.error("Stopping: {} guard events could not be stored and are lost", lost);
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private boolean tryWrite() {
    try {
      sink.write(List.copyOf(batch));
      written.increment(batch.size());
      batch.clear();
      inBatch = 0;
      return true;
    } catch (RuntimeException e) {
      log.warn("Could not store {} guard events ({} in memory); retrying: {}", batch.size(), pending(), e.toString());
      return false;
    }
  }

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
}
