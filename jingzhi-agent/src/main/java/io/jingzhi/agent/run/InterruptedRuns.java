package io.jingzhi.agent.run;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start, runs that a stop left queued or executing fail with {@code run.interrupted}: nothing executes them any
 * more. Runs waiting for human input keep waiting; their state is in the database and they resume after a restart.
 */
@Component
class InterruptedRuns {

  private static final Logger log = LoggerFactory.getLogger(InterruptedRuns.class);

  private final RunRepository runs;
  private final Clock clock;

  InterruptedRuns(RunRepository runs, Clock clock) {
    this.runs = runs;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void failLeftovers() {
    int n = runs.failInterrupted(clock.instant());
    if (n > 0) {
      log.warn("{} agent run(s) were executing when the server stopped; marked failed (run.interrupted)", n);
    }
  }
}
