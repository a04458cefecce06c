package io.jingzhi.agent.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One run of an app as stored and shown: who ran which version how, what went in and came out, and the trace of
 * its node executions ({@code nodes}, empty in listings that do not ask for it).
 *
 * @param version the app version run; 0 for the draft or an unsaved definition
 * @param source {@code api}, {@code openai}, {@code portal}, {@code debug} or {@code sub} (a sub-workflow node)
 * @param waiting for a run paused at a human-input node: the node and the form to fill in
 */
public record Run(long id, long appId, String appCode, int version, long tenantId, long projectId, long userId,
    String username, Long apiKeyId, String source, Long parentRunId, String conversationId, String status,
    JsonNode inputs, String query, String answer, JsonNode outputs, Usage usage, Failure error, String failedNode,
    boolean intervened, Instant createdAt, Instant startedAt, Instant finishedAt, Long elapsedMs, Waiting waiting,
    List<Node> nodes) {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String WAITING = "waiting";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  /** The same id under the name the run API answers with. */
  @JsonProperty("run_id")
  public long runId() {
    return id;
  }

  public boolean finished() {
    return status.equals(SUCCEEDED) || status.equals(FAILED) || status.equals(CANCELLED);
  }

  Run withNodes(List<Node> trace) {
    return new Run(id, appId, appCode, version, tenantId, projectId, userId, username, apiKeyId, source, parentRunId,
        conversationId, status, inputs, query, answer, outputs, usage, error, failedNode, intervened, createdAt,
        startedAt, finishedAt, elapsedMs, waiting, trace);
  }

  /** Tokens used through the gateway. */
  public record Usage(int promptTokens, int completionTokens, int totalTokens) {
    public static Usage of(int prompt, int completion) {
      return new Usage(prompt, completion, prompt + completion);
    }
  }

  /** Why a run (or node) failed: a stable code and a message. */
  public record Failure(String code, String message) {}

  /** Where a paused run waits and what it asks. */
  public record Waiting(String nodeId, JsonNode form) {}

  /**
   * One node execution in the trace. Values are truncated to {@code jingzhi.agent.runs.max-trace-value-chars} and
   * secrets are masked.
   *
   * @param status {@code succeeded}, {@code failed}, {@code fallback}, {@code error_branch}, {@code skipped},
   *     {@code waiting}, or {@code intervened} for the intervention that replaced a run
   */
  public record Node(int seq, String executionId, String nodeId, String type, String title, String status,
      JsonNode inputs, JsonNode outputs, JsonNode details, String handle, int attempts, Failure error,
      Instant startedAt, long elapsedMicros, long elapsedMs, Usage usage) {}
}
