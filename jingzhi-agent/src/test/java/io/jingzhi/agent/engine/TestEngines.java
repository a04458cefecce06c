package io.jingzhi.agent.engine;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.definition.DefinitionReader;
import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.agent.node.control.ControlNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/** Engines for tests: the control nodes plus small executors standing in for I/O nodes. */
final class TestEngines {

  static final DefinitionReader READER = new DefinitionReader();

  private TestEngines() {}

  static AgentProperties.Engine settings(int maxParallel, int maxSteps) {
    return new AgentProperties.Engine(Duration.ofSeconds(60), 200, 1000, maxParallel, maxSteps);
  }

  static WorkflowEngine engine(Scripted scripted) {
    return engine(scripted, settings(8, 10_000));
  }

  static WorkflowEngine engine(Scripted scripted, AgentProperties.Engine settings) {
    List<NodeExecutor> executors = new ArrayList<>(ControlNodes.all(settings));
    executors.add(scripted);
    executors.add(new FakeLlm());
    executors.add(new HumanInput());
    return new WorkflowEngine(executors, settings);
  }

  static WorkflowDefinition yaml(String text) {
    return READER.read(text);
  }

  static RunRequest request(long runId, Map<String, Object> inputs) {
    return new RunRequest(new RunInfo(runId, "test", 0, null, null, "你好", List.of(), 0), inputs, Map.of(),
        Map.of());
  }

  /** Node type {@code probe}: each node id runs the behaviour the test registered for it. */
  static class Scripted implements NodeExecutor {
    interface Behaviour {
      NodeResult run(NodeContext context) throws Exception;
    }

    final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

    Scripted on(String nodeId, Behaviour behaviour) {
      behaviours.put(nodeId, behaviour);
      return this;
    }

    @Override
    public String type() {
      return "probe";
    }

    @Override
    public Map<String, VarType> outputs(NodeSpec node) {
      return Map.of("value", VarType.ANY, "text", VarType.STRING);
    }

    @Override
    public NodeResult execute(NodeContext context) throws Exception {
      Behaviour b = behaviours.get(context.node().id());
      return b == null ? NodeResult.of(Map.of("value", context.node().id())) : b.run(context);
    }
  }

  /** Node type {@code llm}: emits {@code config.chunks} one by one, then answers them joined as {@code text}. */
  static final class FakeLlm implements NodeExecutor {
    @Override
    public String type() {
      return "llm";
    }

    @Override
    public Map<String, VarType> outputs(NodeSpec node) {
      return Map.of("text", VarType.STRING);
    }

    @Override
    public NodeResult execute(NodeContext context) {
      StringBuilder text = new StringBuilder();
      for (JsonNode chunk : context.config().path("chunks")) {
        String piece = context.render(chunk.asString());
        context.emit(piece);
        text.append(piece);
      }
      return NodeResult.of(Map.of("text", text.toString())).withUsage(new TokenUsage(10, 5));
    }
  }

  /** Node type {@code human_input}: asks {@code config.fields}. */
  static final class HumanInput implements NodeExecutor {
    @Override
    public String type() {
      return "human_input";
    }

    @Override
    public Map<String, VarType> outputs(NodeSpec node) {
      Map<String, VarType> outputs = new LinkedHashMap<>();
      node.config().path("fields").forEach(f -> outputs.put(f.path("name").asString(), VarType.ANY));
      return outputs;
    }

    @Override
    public NodeResult execute(NodeContext context) {
      return NodeResult.waiting(context.config());
    }
  }

  /** Records what a run reports. */
  static class Recorder implements RunListener {
    final List<String> started = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<NodeTrace> traces = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> deltas = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void nodeStarted(String executionId, String nodeId, String type, String title) {
      started.add(executionId);
      events.add("start:" + executionId);
    }

    @Override
    public void nodeFinished(NodeTrace trace) {
      traces.add(trace);
      events.add("end:" + trace.executionId() + ":" + trace.status());
    }

    @Override
    public void answerDelta(String text) {
      deltas.add(text);
      events.add("delta:" + text);
    }

    NodeTrace trace(String executionId) {
      synchronized (traces) {
        return traces.stream().filter(t -> t.executionId().equals(executionId)).findFirst()
            .orElseThrow(() -> new AssertionError("no trace of " + executionId + " in " + traces));
      }
    }

    String status(String executionId) {
      return trace(executionId).status();
    }
  }
}
