package io.jingzhi.gateway.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run in progress: the warm-up phase, then the measured phase, each in the run's mode, on virtual threads.
 * Cancelling or failing it stops the workers at once: waiting requests are interrupted and responses being read
 * are closed (which also stops the model's generation upstream).
 */
final class BenchmarkExecution {

  private static final Logger log = LoggerFactory.getLogger(BenchmarkExecution.class);

  final long id;
  final BenchmarkConfig config;
  private volatile long deadlineNanos;
  private final AtomicInteger done = new AtomicInteger();
  private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean cancelled;
  private volatile String failure;
  private volatile LoopbackChat chat;
  private volatile ExecutorService workers;
  private volatile Thread coordinator;
  private volatile double durationS;

  BenchmarkExecution(long id, BenchmarkConfig config) {
    this.id = id;
    this.config = config;
  }

  /** Starts the clock of the longest allowed duration; it runs from the start, not from the queueing. */
  void started(java.time.Duration maxDuration) {
    deadlineNanos = System.nanoTime() + maxDuration.toNanos();
  }

  boolean overdue() {
    long deadline = deadlineNanos;
    return deadline != 0 && System.nanoTime() - deadline > 0;
  }

  double progress() {
    return Math.min(1.0, done.get() / (double) config.total());
  }

  boolean cancelled() {
    return cancelled;
  }

  /** Why the run failed, or null. */
  String failure() {
    return failure;
  }

  boolean stopped() {
    return cancelled || failure != null;
  }

  void cancel() {
    cancelled = true;
    halt();
  }

  void fail(String reason) {
    if (failure == null) {
      failure = reason;
    }
    halt();
  }

  /** The measured samples so far (all of them once {@link #run} returned). */
  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  double durationS() {
    return durationS;
  }

  /** Runs both phases on the calling thread; returns when done, cancelled or failed. */
  void run(LoopbackChat chat) {
    this.chat = chat;
    this.coordinator = Thread.currentThread();
    SplittableRandom random = new SplittableRandom(config.seed());
    try {
      phase(config.warmupRequests(), System.nanoTime(), s -> {}, random);
      long start = System.nanoTime();
      phase(config.requests(), start, samples::add, random);
      durationS = (System.nanoTime() - start) / 1e9;
    } finally {
      synchronized (this) {
        coordinator = null;
        Thread.interrupted(); // a cancel may have interrupted this thread; what follows writes to the database
      }
    }
  }

  private void phase(int count, long phaseStart, Consumer<Sample> sink, SplittableRandom random) {
    if (count == 0 || stopped()) {
      return;
    }
    try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
      workers = exec;
      if (stopped()) {
        return;
      }
      if (config.mode().equals(BenchmarkConfig.POISSON)) {
        arrivals(exec, count, phaseStart, sink, random);
      } else {
        AtomicInteger next = new AtomicInteger();
        for (int w = 0; w < Math.min(config.concurrency(), count); w++) {
          exec.execute(() -> {
            while (!stopped() && next.getAndIncrement() < count) {
              request(phaseStart, sink);
            }
          });
        }
      }
    } catch (RejectedExecutionException stopping) {
      // halted while starting workers
    }
  }

  /** Poisson arrivals: a request at each scheduled instant, waiting for a slot when the in-flight bound is hit. */
  private void arrivals(ExecutorService exec, int count, long phaseStart, Consumer<Sample> sink,
      SplittableRandom random) {
    ArrivalSchedule schedule = new ArrivalSchedule(config.rate(), random);
    Semaphore inFlight = new Semaphore(config.concurrency());
    long offset = 0;
    try {
      for (int i = 0; i < count && !stopped(); i++) {
        long wait = phaseStart + offset - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        inFlight.acquire();
        exec.execute(() -> {
          try {
            request(phaseStart, sink);
          } finally {
            inFlight.release();
          }
        });
        offset += schedule.nextGapNanos();
      }
    } catch (InterruptedException e) {
      // cancelled or failed: stop sending
    }
  }

  private void request(long phaseStart, Consumer<Sample> sink) {
    try {
      Sample s = chat.call(phaseStart);
      if (!stopped()) { // a request cut off by a cancel says nothing about the model
        sink.accept(s);
        done.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (LoopbackChat.CredentialRefused e) {
      fail(e.getMessage());
    } catch (RuntimeException e) {
      log.error("Benchmark {}: a request failed unexpectedly", id, e);
      fail("internal error while measuring: " + e.getMessage());
    }
  }

  private void halt() {
    ExecutorService exec = workers;
    if (exec != null) {
      exec.shutdownNow();
    }
    LoopbackChat c = chat;
    if (c != null) {
      c.abortAll();
    }
    synchronized (this) {
      if (coordinator != null) {
        coordinator.interrupt(); // wakes a Poisson dispatcher waiting for the next arrival
      }
    }
  }
}
