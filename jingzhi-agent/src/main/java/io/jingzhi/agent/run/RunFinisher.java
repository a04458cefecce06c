package io.jingzhi.agent.run;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.app.AppDefinitions.RunnableApp;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.definition.VariableSpec;
import io.jingzhi.agent.engine.NodeTrace;
import io.jingzhi.agent.engine.RunOutcome;
import io.jingzhi.agent.engine.TokenUsage;
import io.jingzhi.agent.intervention.Interventions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores how a run ended (or paused) with its whole trace in one write, then tells the caller: the {@code waiting}
 * event (after the state is stored, so an answer to the form always finds the run waiting) and {@code run_finished}.
 */
@Component
class RunFinisher {

  private final RunRepository runs;
  private final RunConversations conversations;
  private final JsonMapper json;
  private final AgentProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;

  RunFinisher(RunRepository runs, RunConversations conversations, JsonMapper json, AgentProperties properties,
      Clock clock, MeterRegistry meters) {
    this.runs = runs;
    this.conversations = conversations;
    this.json = json;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
  }

  void finish(Execution exec, RunOutcome outcome) {
    TraceValues values = values(exec.app);
    boolean waiting = Run.WAITING.equals(outcome.status());
    List<RunRepository.NodeRow> rows = exec.traces().stream().map(t -> row(t, values)).toList();
    String waitingNode = waiting ? waitingNode(exec) : null;
    TokenUsage usage = outcome.usage() == null ? TokenUsage.NONE : outcome.usage();
    runs.finish(exec.runId, new RunRepository.End(outcome.status(), values.text(outcome.answer()),
        values.json(outcome.outputs()), outcome.errorCode(), outcome.errorMessage(), outcome.failedNodeId(),
        usage.promptTokens(), usage.completionTokens(), false, exec.elapsedMs(),
        waiting && outcome.state() != null ? json.writeValueAsString(outcome.state()) : null, waitingNode,
        waiting && exec.waitingForm() != null ? json.writeValueAsString(exec.waitingForm()) : null), rows,
        clock.instant());
    if (outcome.conversation() != null || exec.conversationId != null) {
      conversations.after(exec.conversationId, outcome.conversation(), waiting);
    }
    announce(exec.handle, runs.find(exec.runId).orElseThrow());
  }

  /** A run that never reached the engine (the worker pool refused it). */
  void crashed(Execution exec, RuntimeException e) {
    runs.finish(exec.runId, new RunRepository.End(Run.FAILED, null, null, "run.unexpected", e.toString(), null, 0,
        0, false, 0, null, null, null), List.of(), clock.instant());
    exec.handle.complete(runs.find(exec.runId).orElseThrow());
  }

  /** A run replaced by an intervention: the reply is the answer; the trace says which intervention and why. */
  void intervened(long runId, RunnableApp app, RunConversations.Turn turn, Interventions.Intervened reply,
      RunHandle handle) {
    TraceValues values = values(app);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kind", reply.kind());
    details.put("id", reply.id());
    details.put("similarity", reply.similarity());
    var row = new RunRepository.NodeRow("intervention", "intervention", "intervention", "干预", Run.SUCCEEDED, null,
        values.json(Map.of("answer", reply.answer())), values.json(details), null, 1, null, null, clock.instant(), 0,
        0, 0);
    handle.emit("message", Map.of("delta", reply.answer()));
    runs.finish(runId, new RunRepository.End(Run.SUCCEEDED, values.text(reply.answer()), null, null, null, null, 0,
        0, true, 0, null, null, null), List.of(row), clock.instant());
    conversations.after(turn.conversationId(), null, false);
    announce(handle, runs.find(runId).orElseThrow());
  }

  /**
   * Metrics of ended (or paused) runs: {@code jingzhi.agent.runs} (a timer of execution time, tagged status and
   * source) and {@code jingzhi.agent.runs.tokens} (tagged kind prompt/completion). App codes are not tags: their
   * number is unbounded; per-app figures are the stats endpoint's.
   */
  private void measure(Run run) {
    Timer.builder("jingzhi.agent.runs").description("Agent runs by how they ended, execution time")
        .tag("status", run.status()).tag("source", run.source()).register(meters)
        .record(Duration.ofMillis(run.elapsedMs() == null ? 0 : run.elapsedMs()));
    meters.counter("jingzhi.agent.runs.tokens", "kind", "prompt").increment(run.usage().promptTokens());
    meters.counter("jingzhi.agent.runs.tokens", "kind", "completion").increment(run.usage().completionTokens());
  }

  /** The end of a run as its stream and the blocking API see it (also for a run cancelled before it started). */
  void announce(RunHandle handle, Run run) {
    measure(run);
    if (run.waiting() != null && Run.WAITING.equals(run.status())) {
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("node_id", run.waiting().nodeId());
      w.put("form", run.waiting().form());
      handle.emit("waiting", w);
    }
    handle.emit("run_finished", finished(run));
    handle.complete(run);
  }

  /** The {@code run_finished} event, also the blocking run API's answer. */
  static Map<String, Object> finished(Run run) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("run_id", run.id());
    data.put("status", run.status());
    data.put("answer", run.answer());
    data.put("outputs", run.outputs());
    data.put("usage", run.usage());
    data.put("elapsed_ms", run.elapsedMs());
    data.put("error", run.error());
    data.put("conversation_id", run.conversationId());
    // the chat page marks an answer replaced by a curated answer or reply rule (已干预) from this flag
    data.put("intervened", run.intervened());
    if (run.waiting() != null && Run.WAITING.equals(run.status())) {
      data.put("waiting", run.waiting());
    }
    return data;
  }

  private static String waitingNode(Execution exec) {
    if (exec.waitingNode() != null) {
      return exec.waitingNode();
    }
    return exec.traces().stream().filter(t -> Run.WAITING.equals(t.status())).map(NodeTrace::nodeId)
        .reduce((a, b) -> b).orElse(null);
  }

  private RunRepository.NodeRow row(NodeTrace t, TraceValues values) {
    TokenUsage u = t.usage() == null ? TokenUsage.NONE : t.usage();
    return new RunRepository.NodeRow(t.executionId(), t.nodeId(), Objects.requireNonNullElse(t.type(), ""), t.title(),
        t.status(), values.json(t.inputs()), values.json(t.outputs()), values.json(t.details()), t.handle(),
        t.attempts(), t.errorCode(), values.text(t.errorMessage()), t.startedAt(), t.elapsedMicros(),
        u.promptTokens(), u.completionTokens());
  }

  /** Masks the app's secret environment values wherever they show up in the trace. */
  private TraceValues values(RunnableApp app) {
    List<String> secrets = new ArrayList<>();
    if (app.definition() != null) {
      for (VariableSpec v : app.definition().environment()) {
        Object value = app.environment() == null ? null : app.environment().get(v.name());
        if (v.type() == VarType.SECRET && value != null) {
          secrets.add(String.valueOf(value));
        }
      }
    }
    return new TraceValues(json, properties.runs().maxTraceValueChars(), secrets);
  }
}
