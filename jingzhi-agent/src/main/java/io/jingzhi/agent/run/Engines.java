package io.jingzhi.agent.run;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.engine.WorkflowEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The workflow engine, looked up when a run needs it: the run side starts (and serves its history) in a build whose
 * engine is not wired yet, and answers 503 {@code engine.unavailable} for new runs there instead of failing the
 * whole server's start.
 */
@Component
class Engines {

  private final ObjectProvider<WorkflowEngine> engine;

  Engines(ObjectProvider<WorkflowEngine> engine) {
    this.engine = engine;
  }

  WorkflowEngine get() {
    WorkflowEngine e = engine.getIfAvailable();
    if (e == null) {
      throw new AgentException(HttpStatus.SERVICE_UNAVAILABLE, "engine.unavailable",
          "The workflow engine is not available in this build");
    }
    return e;
  }

  /** Cancels a run on the engine if there is one (without one, nothing executes that could be stopped). */
  void cancel(long runId) {
    WorkflowEngine e = engine.getIfAvailable();
    if (e != null) {
      e.cancel(runId);
    }
  }
}
