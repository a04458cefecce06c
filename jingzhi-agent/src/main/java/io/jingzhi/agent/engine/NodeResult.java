package io.jingzhi.agent.engine;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What one node attempt produced.
 *
 * @param outputs the node's outputs by name (the types {@link NodeExecutor#outputs} declared)
 * @param handle for a branching node, the exit taken (case id, class id, {@code else}); null for plain nodes
 * @param usage tokens used through the gateway
 * @param details extra facts for the trace only (model used, SQL run, HTTP status, MCP server ...)
 * @param waitFor non-null when the node waits for a person (human input): the form to show; the run pauses and
 *     resumes with the submitted values as this node's outputs
 */
public record NodeResult(Map<String, Object> outputs, String handle, TokenUsage usage, Map<String, Object> details,
    JsonNode waitFor) {

  public NodeResult {
    outputs = outputs == null ? Map.of() : outputs;
    usage = usage == null ? TokenUsage.NONE : usage;
    details = details == null ? Map.of() : details;
  }

  public static NodeResult of(Map<String, Object> outputs) {
    return new NodeResult(outputs, null, null, null, null);
  }

  public static NodeResult branch(String handle, Map<String, Object> outputs) {
    return new NodeResult(outputs, handle, null, null, null);
  }

  public static NodeResult waiting(JsonNode form) {
    return new NodeResult(null, null, null, null, form);
  }

  public NodeResult withUsage(TokenUsage tokens) {
    return new NodeResult(outputs, handle, tokens, details, waitFor);
  }

  public NodeResult withDetails(Map<String, Object> facts) {
    return new NodeResult(outputs, handle, usage, facts, waitFor);
  }
}
