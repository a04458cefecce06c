package io.jingzhi.agent.engine;

import java.time.Instant;
import java.util.Map;

/**
 * The trace of one node execution, as the engine reports it to {@link RunListener#nodeFinished} and as the run
 * history shows it.
 *
 * @param executionId unique in the run: the node id, with {@code #<index>} per loop iteration
 *     ({@code loop1#3/llm2})
 * @param status {@code succeeded}, {@code failed}, {@code fallback} (failed, fallback used), {@code error_branch}
 *     (failed, error edge followed), {@code skipped} (its branch was not taken), {@code waiting} (human input),
 *     {@code cancelled} (the run was stopped while it ran)
 * @param inputs the node's resolved config (secrets masked)
 * @param attempts attempts made (1 + retries used)
 * @param errorCode the {@link NodeFailure#code()} of the last failed attempt, or null
 */
public record NodeTrace(String executionId, String nodeId, String type, String title, String status,
    Map<String, Object> inputs, Map<String, Object> outputs, Map<String, Object> details, String handle,
    int attempts, String errorCode, String errorMessage, Instant startedAt, long elapsedMicros,
    TokenUsage usage) {}
