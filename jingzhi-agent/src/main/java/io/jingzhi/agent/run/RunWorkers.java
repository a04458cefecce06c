package io.jingzhi.agent.run;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.AgentProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Executes runs: {@code jingzhi.agent.runs.workers} at once, up to {@code jingzhi.agent.runs.queue} more waiting in
 * line; beyond that a new run is refused with 429 {@code run.queue_full} before anything is stored. Admission is a
 * permit taken on the request thread, so the refusal is immediate and the pool's own queue never overflows.
 * Sub-workflow runs execute on their parent's thread without a permit: a parent holding a worker while waiting for
 * a queued child could otherwise starve the pool.
 */
@Component
class RunWorkers implements DisposableBean {

  private final Semaphore admission;
  private final ExecutorService pool;
  private final int capacity;

  RunWorkers(AgentProperties properties, MeterRegistry meters) {
    int workers = Math.max(1, properties.runs().workers());
    this.capacity = workers + Math.max(0, properties.runs().queue());
    this.admission = new Semaphore(capacity);
    this.pool = Executors.newFixedThreadPool(workers, Thread.ofVirtual().name("agent-run-", 0).factory());
    Gauge.builder("jingzhi.agent.runs.admitted", this, w -> w.capacity - w.admission.availablePermits())
        .description("Runs executing or waiting for a worker").register(meters);
  }

  /** A place in line; released exactly once, when the run's task ends or when it is never submitted. */
  final class Permit {
    private final AtomicBoolean held = new AtomicBoolean(true);

    void release() {
      if (held.compareAndSet(true, false)) {
        admission.release();
      }
    }
  }

  /** Takes a place or refuses with 429. */
  Permit admit() {
    if (!admission.tryAcquire()) {
      throw new AgentException(HttpStatus.TOO_MANY_REQUESTS, "run.queue_full",
          "Too many runs are executing or waiting (" + capacity + "); try again shortly");
    }
    return new Permit();
  }

  /** Runs the task on a worker and gives the place back when it ends. */
  void execute(Permit permit, Runnable task) {
    try {
      pool.execute(() -> {
        try {
          task.run();
        } finally {
          permit.release();
        }
      });
    } catch (RuntimeException rejected) {
      permit.release();
      throw rejected;
    }
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}
