package io.jingzhi.agent.engine;

import tools.jackson.databind.JsonNode;

/**
 * Receives a run's progress as it happens: the run API streams it over SSE and the run history stores it. Called
 * from the run's threads (parallel branches call at once): implementations are thread-safe and quick.
 */
public interface RunListener {

  RunListener NONE = new RunListener() {};

  default void nodeStarted(String executionId, String nodeId, String type, String title) {}

  default void nodeFinished(NodeTrace trace) {}

  /** A piece of the answer, in order (answer nodes, including LLM tokens they forward). */
  default void answerDelta(String text) {}

  /** A piece of a node's own streamed text ({@link NodeContext#emit}), forwarded or not. */
  default void nodeDelta(String executionId, String text) {}

  /** The run paused at a human-input node; {@code form} is what to ask. */
  default void waiting(String nodeId, JsonNode form) {}

  /**
   * True once whoever started the run asked to stop it. The engine asks when it starts executing, so a stop that
   * came before the engine registered the run (between "running" in the store and the first node) is not lost.
   */
  default boolean cancelRequested() {
    return false;
  }
}
