package io.jingzhi.agent.engine;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * How a run ended (or paused).
 *
 * @param status {@code succeeded}, {@code failed}, {@code cancelled} or {@code waiting} (paused at a human-input
 *     node; {@code state} then holds what {@link WorkflowEngine#resume} needs)
 * @param outputs the end node's outputs (empty when the workflow ends at answer nodes only)
 * @param answer the text of the answer nodes, concatenated in the order they ran
 * @param conversation the conversation variables after this turn
 * @param state an opaque snapshot for resuming a waiting run; null otherwise
 */
public record RunOutcome(String status, Map<String, Object> outputs, String answer, TokenUsage usage,
    String errorCode, String errorMessage, String failedNodeId, Map<String, Object> conversation,
    JsonNode state) {}
