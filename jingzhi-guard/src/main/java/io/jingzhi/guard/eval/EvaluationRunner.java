package io.jingzhi.guard.eval;

import io.jingzhi.guard.api.Guard;
import io.jingzhi.guard.api.GuardDirection;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Runs evaluation jobs in the background, one at a time (the guard shares the CPU with live traffic), each row
 * through {@link Guard#check} with channel {@code eval} so that its decisions are neither stored as guard events nor
 * counted by alert rules. A row counts as refused when the verdict stops the text (block or canned answer) and is
 * enforced — what a user would experience. Jobs do not survive a restart: unfinished ones are marked failed at start.
 */
@Component
class EvaluationRunner implements ApplicationRunner {

  static final String INTERRUPTED = "interrupted by restart";
  static final String CHANNEL = "eval";
  private static final int PROGRESS_EVERY = 50;

  private static final Logger log = LoggerFactory.getLogger(EvaluationRunner.class);

  private final EvaluationRepository repository;
  private final Guard guard;
  private final Clock clock;
  private final Semaphore slot = new Semaphore(1, true);
  private final Map<Long, Job> active = new ConcurrentHashMap<>();
  private final ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();

  EvaluationRunner(EvaluationRepository repository, Guard guard, Clock clock) {
    this.repository = repository;
    this.guard = guard;
    this.clock = clock;
  }

  private static final class Job {
    final long id;
    final AtomicBoolean cancelled = new AtomicBoolean();
    final AtomicInteger processed = new AtomicInteger();

    Job(long id) {
      this.id = id;
    }
  }

  @Override
  public void run(ApplicationArguments args) {
    int lost = repository.failUnfinished(INTERRUPTED, clock.instant());
    if (lost > 0) {
      log.warn("{} guard evaluation(s) were unfinished when the server stopped; marked failed", lost);
    }
  }

  void submit(long id, GuardSubject subject, GuardDirection direction, List<EvalItem> items) {
    Job job = new Job(id);
    active.put(id, job);
    jobs.execute(() -> execute(job, subject, direction, items));
  }

  void cancel(long id) {
    Job job = active.get(id);
    if (job != null) {
      job.cancelled.set(true);
    }
  }

  Optional<Integer> processed(long id) {
    return Optional.ofNullable(active.get(id)).map(j -> j.processed.get());
  }

  @PreDestroy
  void shutdown() {
    active.values().forEach(j -> j.cancelled.set(true));
    jobs.shutdown();
  }

  private void execute(Job job, GuardSubject subject, GuardDirection direction, List<EvalItem> items) {
    try {
      slot.acquire();
    } catch (InterruptedException e) {
      active.remove(job.id);
      Thread.currentThread().interrupt();
      return;
    }
    try {
      if (job.cancelled.get() || !repository.start(job.id, clock.instant())) {
        return;
      }
      List<EvalOutcome> outcomes = new ArrayList<>(items.size());
      for (EvalItem item : items) {
        if (job.cancelled.get() || (outcomes.size() % PROGRESS_EVERY == 0 && cancelledElsewhere(job))) {
          return; // the stored status is already cancelled
        }
        outcomes.add(check(subject, direction, item));
        int done = job.processed.incrementAndGet();
        if (done % PROGRESS_EVERY == 0) {
          repository.progress(job.id, done, (double) done / items.size());
        }
      }
      EvalSummary report = EvalScorer.score(direction.name().toLowerCase(Locale.ROOT), items, outcomes);
      repository.finish(job.id, Evaluation.SUCCEEDED, null, items.size(), 1.0, report, outcomes, clock.instant());
    } catch (RuntimeException failure) {
      log.error("Guard evaluation {} failed", job.id, failure);
      repository.finish(job.id, Evaluation.FAILED, "internal error: " + failure.getMessage(), job.processed.get(),
          items.isEmpty() ? 0 : (double) job.processed.get() / items.size(), null, null, clock.instant());
    } finally {
      active.remove(job.id);
      slot.release();
    }
  }

  /** A cancel made through another replica shows only in the stored status. */
  private boolean cancelledElsewhere(Job job) {
    return Evaluation.CANCELLED.equals(repository.status(job.id));
  }

  private EvalOutcome check(GuardSubject subject, GuardDirection direction, EvalItem item) {
    GuardRequest request = direction == GuardDirection.OUTPUT ? GuardRequest.output(item.text())
        : GuardRequest.input(item.text(), List.of());
    GuardVerdict verdict = guard.check(subject, request);
    return new EvalOutcome(item.line(), verdict.action().name().toLowerCase(Locale.ROOT), verdict.categories(),
        verdict.stops());
  }
}
