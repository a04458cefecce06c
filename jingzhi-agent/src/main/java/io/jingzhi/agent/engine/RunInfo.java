package io.jingzhi.agent.engine;

import io.jingzhi.iam.api.Caller;
import java.util.List;

/**
 * The run a node belongs to.
 *
 * @param runId the run's id (also {@code sys.run_id})
 * @param appCode the app being run; null for a definition run from the canvas before it is saved
 * @param appVersion the version number run; 0 for the draft
 * @param conversationId the chat conversation this run is a turn of, or null
 * @param query the user's message of a chat turn ({@code sys.query}), or null
 * @param history earlier turns of the conversation, oldest first (for LLM memory)
 * @param depth how deep in sub-workflow calls this run is (0 at the top; the engine refuses beyond a limit)
 */
public record RunInfo(long runId, String appCode, int appVersion, Caller caller, String conversationId,
    String query, List<Turn> history, int depth) {

  public RunInfo {
    history = history == null ? List.of() : List.copyOf(history);
  }

  /** One earlier turn: what the user asked and what the app answered. */
  public record Turn(String query, String answer) {}
}
