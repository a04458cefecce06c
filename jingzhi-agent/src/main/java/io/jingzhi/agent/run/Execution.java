package io.jingzhi.agent.run;

import io.jingzhi.agent.app.AppDefinitions.RunnableApp;
import io.jingzhi.agent.engine.NodeTrace;
import io.jingzhi.agent.engine.RunListener;
import io.jingzhi.agent.engine.RunRequest;
import io.jingzhi.agent.engine.TokenUsage;
import io.jingzhi.agent.engine.WorkflowEngine.CompiledWorkflow;
import io.jingzhi.iam.api.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import tools.jackson.databind.JsonNode;

/**
 * One execution of a run (its first part, or a resumed part after human input): receives the engine's progress,
 * keeps the node traces in memory until the run ends (they are written in one batch then, off the nodes' path),
 * and passes the progress on as the run API's events.
 */
final class Execution implements RunListener {

  final long runId;
  final RunnableApp app;
  final CompiledWorkflow workflow;
  final RunRequest request;
  final Long parentRunId;
  final String conversationId;
  final RunHandle handle;
  /** Who started the run (a user, or an API key: stored on the run); the nodes act as {@link RunCallers#inner}. */
  final Caller owner;
  final long startNanos = System.nanoTime();
  /** Run time of earlier parts (a resumed run), so elapsed_ms counts execution, not the wait for a person. */
  final long earlierElapsedMs;
  final Set<Long> children = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<NodeTrace> traces = new ConcurrentLinkedQueue<>();
  private final Map<String, Map<String, Object>> running = new ConcurrentHashMap<>();
  private volatile boolean cancelRequested;
  private volatile String waitingNode;
  private volatile JsonNode waitingForm;

  Execution(long runId, RunnableApp app, CompiledWorkflow workflow, RunRequest request, Long parentRunId,
      String conversationId, RunHandle handle, Caller owner, long earlierElapsedMs) {
    this.runId = runId;
    this.app = app;
    this.workflow = workflow;
    this.request = request;
    this.parentRunId = parentRunId;
    this.conversationId = conversationId;
    this.handle = handle;
    this.owner = owner;
    this.earlierElapsedMs = earlierElapsedMs;
  }

  @Override
  public void nodeStarted(String executionId, String nodeId, String type, String title) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("execution_id", executionId);
    data.put("node_id", nodeId);
    data.put("type", type);
    data.put("title", title);
    running.put(executionId, data);
    handle.emit("node_started", data);
  }

  @Override
  public void nodeFinished(NodeTrace trace) {
    traces.add(trace);
    running.remove(trace.executionId());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("execution_id", trace.executionId());
    data.put("node_id", trace.nodeId());
    data.put("status", trace.status());
    data.put("elapsed_ms", trace.elapsedMicros() / 1000);
    data.put("usage", usage(trace.usage()));
    data.put("error", trace.errorCode() == null ? null
        : Map.of("code", trace.errorCode(), "message", String.valueOf(trace.errorMessage())));
    handle.emit("node_finished", data);
  }

  @Override
  public void answerDelta(String text) {
    if (text != null && !text.isEmpty()) {
      handle.emit("message", Map.of("delta", text));
    }
  }

  @Override
  public void waiting(String nodeId, JsonNode form) {
    // Announced only after the run's state is stored, so an answer to it always finds the run waiting.
    waitingNode = nodeId;
    waitingForm = form;
  }

  /** Node executions reported so far, in the order they finished. */
  List<NodeTrace> traces() {
    return new ArrayList<>(traces);
  }

  /** Nodes started and not finished yet (for a live view of a running run). */
  List<Map<String, Object>> runningNodes() {
    return List.copyOf(running.values());
  }

  String waitingNode() {
    return waitingNode;
  }

  JsonNode waitingForm() {
    return waitingForm;
  }

  void requestCancel() {
    cancelRequested = true;
  }

  @Override
  public boolean cancelRequested() {
    return cancelRequested;
  }

  long elapsedMs() {
    return earlierElapsedMs + (System.nanoTime() - startNanos) / 1_000_000;
  }

  static Map<String, Object> usage(TokenUsage u) {
    TokenUsage t = u == null ? TokenUsage.NONE : u;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("prompt_tokens", t.promptTokens());
    m.put("completion_tokens", t.completionTokens());
    m.put("total_tokens", t.totalTokens());
    return m;
  }
}
