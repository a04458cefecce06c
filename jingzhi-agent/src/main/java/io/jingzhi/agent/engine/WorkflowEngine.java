package io.jingzhi.agent.engine;

import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.common.error.FieldError;
import java.util.List;
import java.util.Map;

/**
 * Compiles workflow definitions and runs them: nodes run as soon as every incoming edge is decided, branches that
 * were not taken are skipped, independent branches run in parallel, per-node policies (timeout, retries,
 * fallback, error branch) apply, and every node execution is reported to the {@link RunListener}.
 *
 * <p>Contract for the modules around it; the implementation is the engine work of issue #6.
 */
public class WorkflowEngine {

  /**
   * Every problem of the definition (cycles, dangling edges and references, unknown node types, type mismatches,
   * invalid node configs), each with the field path {@code nodes.<id>.<field>} (or {@code edges[<i>]}).
   * Empty when the definition can run.
   */
  public List<FieldError> validate(WorkflowDefinition definition) {
    throw new UnsupportedOperationException("engine not built yet");
  }

  /**
   * A definition checked and prepared for running many times (topology, resolved executors, parsed templates).
   * Throws {@code AgentException} 422 {@code workflow.invalid} with the problems of {@link #validate}.
   */
  public CompiledWorkflow compile(WorkflowDefinition definition) {
    throw new UnsupportedOperationException("engine not built yet");
  }

  /** Runs the workflow on the calling thread (parallel branches on virtual threads) until it ends or waits. */
  public RunOutcome run(CompiledWorkflow workflow, RunRequest request, RunListener listener) {
    throw new UnsupportedOperationException("engine not built yet");
  }

  /**
   * Continues a run that waits at a human-input node: {@code submitted} becomes that node's outputs (checked
   * against its form), then the run goes on from there.
   */
  public RunOutcome resume(CompiledWorkflow workflow, RunOutcome waiting, Map<String, Object> submitted,
      RunRequest request, RunListener listener) {
    throw new UnsupportedOperationException("engine not built yet");
  }

  /** Cancels every run currently executing with this run id (a client disconnect or a stop button). */
  public void cancel(long runId) {
    throw new UnsupportedOperationException("engine not built yet");
  }

  /** A definition ready to run. */
  public interface CompiledWorkflow {
    WorkflowDefinition definition();
  }
}
