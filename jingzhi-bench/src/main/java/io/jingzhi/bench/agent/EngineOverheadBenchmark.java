package io.jingzhi.bench.agent;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.definition.DefinitionReader;
import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.RunInfo;
import io.jingzhi.agent.engine.RunListener;
import io.jingzhi.agent.engine.RunOutcome;
import io.jingzhi.agent.engine.RunRequest;
import io.jingzhi.agent.engine.WorkflowEngine;
import io.jingzhi.agent.node.control.ControlNodes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;

/**
 * What the workflow engine adds per node: a chain of {@code nodes} trivial nodes (start, template nodes that each
 * read the previous node's text, end) run through {@link WorkflowEngine#run}, against the baseline of calling the
 * same executors directly in a loop with a minimal context (the same template rendering, no scheduling, threads,
 * policies, traces). Overhead per node = (run − direct) / nodes; the target is well under 0.1 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineOverheadBenchmark {

  @Param({"5", "50"})
  public int nodes;

  private WorkflowEngine engine;
  private WorkflowEngine.CompiledWorkflow compiled;
  private RunRequest request;
  private List<NodeSpec> chain;
  private Map<String, NodeExecutor> executors;

  @Setup
  public void setUp() {
    AgentProperties.Engine settings = new AgentProperties.Engine(Duration.ofSeconds(60), 200, 1000, 8, 10_000);
    List<NodeExecutor> all = ControlNodes.all(settings);
    engine = new WorkflowEngine(all, settings);
    WorkflowDefinition definition = new DefinitionReader().read(chainYaml(nodes));
    compiled = engine.compile(definition);
    request = new RunRequest(new RunInfo(1, "bench", 0, null, null, "问题", List.of(), 0),
        Map.of("q", "你好"), Map.of(), Map.of());
    chain = definition.nodes();
    executors = new HashMap<>();
    all.forEach(e -> executors.put(e.type(), e));
    RunOutcome check = engine.run(compiled, request, RunListener.NONE);
    if (!"succeeded".equals(check.status()) || !direct().equals(check.outputs().get("text"))) {
      throw new IllegalStateException("the engine and the baseline disagree: " + check);
    }
  }

  static String chainYaml(int n) {
    StringBuilder yaml = new StringBuilder("""
        format: jingzhi-workflow/1
        nodes:
          - {id: start, type: start, config: {inputs: [{name: q, type: string}]}}
        """);
    String previous = "start.q";
    for (int i = 1; i <= n - 2; i++) {
      yaml.append("  - {id: t").append(i).append(", type: template, config: {template: \"{{").append(previous)
          .append("}}\"}}\n");
      previous = "t" + i + ".text";
    }
    yaml.append("  - {id: end, type: end, config: {outputs: {text: \"{{").append(previous).append("}}\"}}}\n");
    yaml.append("edges:\n");
    String from = "start";
    for (int i = 1; i <= n - 2; i++) {
      yaml.append("  - {source: ").append(from).append(", target: t").append(i).append("}\n");
      from = "t" + i;
    }
    yaml.append("  - {source: ").append(from).append(", target: end}\n");
    return yaml.toString();
  }

  @Benchmark
  public RunOutcome engineRun() {
    return engine.run(compiled, request, RunListener.NONE);
  }

  @Benchmark
  public Object directCalls() {
    return direct();
  }

  /** The same executors called one after another, each seeing the previous outputs. */
  private Object direct() {
    Map<String, Map<String, Object>> values = new HashMap<>();
    for (NodeSpec node : chain) {
      try {
        values.put(node.id(), executors.get(node.type()).execute(new DirectContext(node, values, request))
            .outputs());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return values.get("end").get("text");
  }

  /** A bare context: selectors looked up in a map, templates rendered by a plain scan. */
  private record DirectContext(NodeSpec node, Map<String, Map<String, Object>> values, RunRequest request)
      implements NodeContext {

    @Override
    public RunInfo run() {
      return request.info();
    }

    @Override
    public Object value(String selector) {
      String s = io.jingzhi.agent.engine.Selector.strip(selector);
      int dot = s.indexOf('.');
      Map<String, Object> outputs = values.get(s.substring(0, dot));
      return outputs == null ? null : outputs.get(s.substring(dot + 1));
    }

    @Override
    public String render(String template) {
      String s = io.jingzhi.agent.engine.Selector.strip(template);
      Object v = value(s);
      return v == null ? "" : v.toString();
    }

    @Override
    public Object resolve(JsonNode value) {
      return value(value.asString());
    }

    @Override
    public Map<String, Object> inputs() {
      return request.inputs();
    }

    @Override
    public void emit(String delta) {}

    @Override
    public Duration timeLeft() {
      return Duration.ofSeconds(60);
    }

    @Override
    public boolean cancelled() {
      return false;
    }

    @Override
    public SubgraphResult runBody(String bodyOwnerId, Map<String, Object> scope) {
      throw new UnsupportedOperationException();
    }
  }
}
