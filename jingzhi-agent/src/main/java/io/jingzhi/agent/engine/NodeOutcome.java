package io.jingzhi.agent.engine;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** How one node execution ended, after its policy applied: what the scheduler needs to go on. */
record NodeOutcome(String status, Map<String, Object> outputs, String handle, TokenUsage usage,
    String errorCode, String errorMessage, JsonNode waitFor) {

  static final String SUCCEEDED = "succeeded";
  static final String FAILED = "failed";
  static final String FALLBACK = "fallback";
  static final String ERROR_BRANCH = "error_branch";
  static final String WAITING = "waiting";
  static final String CANCELLED = "cancelled";
  static final String SKIPPED = "skipped";

  static NodeOutcome failed(String code, String message) {
    return new NodeOutcome(FAILED, Map.of(), null, TokenUsage.NONE, code, message, null);
  }

  static NodeOutcome cancelled() {
    return new NodeOutcome(CANCELLED, Map.of(), null, TokenUsage.NONE, "run.cancelled", "the run was stopped",
        null);
  }

  /** The node produced outputs and its outgoing edges are decided. */
  boolean completed() {
    return SUCCEEDED.equals(status) || FALLBACK.equals(status) || ERROR_BRANCH.equals(status);
  }
}
