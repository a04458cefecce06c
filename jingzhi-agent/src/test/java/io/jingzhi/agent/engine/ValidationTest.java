package io.jingzhi.agent.engine;

import static io.jingzhi.agent.engine.TestEngines.engine;
import static io.jingzhi.agent.engine.TestEngines.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.engine.TestEngines.Scripted;
import io.jingzhi.common.error.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of definition problem is reported, naming the node and field. */
class ValidationTest {

  private final WorkflowEngine engine = engine(new Scripted());

  private List<FieldError> problems(String yaml) {
    return engine.validate(yaml("format: jingzhi-workflow/1\n" + yaml));
  }

  private static String fields(List<FieldError> problems) {
    return problems.stream().map(p -> p.field() + ": " + p.message()).reduce("", (a, b) -> a + b + "\n");
  }

  @Test
  void aValidDefinitionHasNoProblems() {
    assertThat(problems("""
        environment: [{name: API_BASE, type: string, value: "http://x"}]
        conversation_variables: [{name: topic, type: string, value: ""}]
        nodes:
          - {id: start, type: start, config: {inputs: [{name: q, type: string}]}}
          - {id: t, type: template, config: {template: "{{start.q}} {{env.API_BASE}} {{conv.topic}} {{sys.query}}"}}
          - {id: a, type: answer, config: {text: "{{t.text}}"}}
        edges: [{source: start, target: t}, {source: t, target: a}]
        """)).isEmpty();
  }

  @Test
  void idsMustBeWellFormedAndUnique() {
    List<FieldError> p = problems("""
        nodes:
          - {id: start, type: start}
          - {id: Bad-Id, type: answer, config: {text: x}}
          - {id: a, type: answer, config: {text: x}}
          - {id: a, type: answer, config: {text: y}}
          - {id: env, type: answer, config: {text: y}}
          - {id: odd, type: answer, config: [text]}
        edges: [{source: start, target: a}, {source: a, target: odd}]
        """);
    assertThat(p).extracting(FieldError::field).contains("nodes[1].id", "nodes.a.id", "nodes[4].id",
        "nodes.odd.config");
  }

  @Test
  void startAndEndNodesAreRequiredAndStartIsUnique() {
    assertThat(problems("""
        nodes: [{id: t, type: template, config: {template: x}}]
        """)).extracting(FieldError::message)
        .contains("a workflow needs exactly one start node", "a workflow needs at least one answer or end node");
    assertThat(problems("""
        nodes:
          - {id: start, type: start}
          - {id: again, type: start}
          - {id: a, type: answer, config: {text: x}}
        edges: [{source: start, target: a}, {source: again, target: a}]
        """)).extracting(FieldError::field).contains("nodes.again.type");
  }

  @Test
  void unknownTypesDanglingEdgesAndUnknownHandlesAreNamed() {
    List<FieldError> p = problems("""
        nodes:
          - {id: start, type: start}
          - {id: magic, type: teleport}
          - {id: route, type: if_else, config: {cases: [{id: yes, conditions: [{left: start.x, op: empty}]}]}}
          - {id: a, type: answer, config: {text: x}}
        edges:
          - {source: start, target: magic}
          - {source: start, target: nowhere}
          - {source: magic, target: route}
          - {source: route, source_handle: maybe, target: a}
          - {source: route, target: a}
          - {source: start, source_handle: error, target: a}
        """);
    String all = fields(p);
    assertThat(all).contains("nodes.magic.type: unknown node type teleport")
        .contains("edges[1].target: unknown node nowhere")
        .contains("edges[3].source_handle: node route has no exit maybe")
        .contains("edges[4].source_handle: node route branches: name the exit")
        .contains("edges[5].source_handle: node start has no exit error")
        .contains("nodes.route.config.cases[0].conditions[0].left: does not resolve: start.x");
  }

  @Test
  void anErrorHandleIsAllowedOnlyWithOnErrorBranch() {
    assertThat(problems("""
        nodes:
          - {id: start, type: start}
          - {id: p, type: probe, policy: {on_error: branch}}
          - {id: a, type: answer, config: {text: "{{p.error.message}}"}}
        edges: [{source: start, target: p}, {source: p, source_handle: error, target: a}]
        """)).isEmpty();
    assertThat(problems("""
        nodes:
          - {id: start, type: start}
          - {id: p, type: probe, policy: {on_error: branch}}
          - {id: a, type: answer, config: {text: x}}
        edges: [{source: start, target: p}, {source: p, target: a}]
        """)).extracting(FieldError::field).containsExactly("nodes.p.policy.on_error");
  }

  @Test
  void aCycleNamesANodeOnItAndUnreachableNodesAreNamed() {
    List<FieldError> cycle = problems("""
        nodes:
          - {id: start, type: start}
          - {id: x, type: probe}
          - {id: y, type: probe}
          - {id: a, type: answer, config: {text: x}}
        edges: [{source: start, target: x}, {source: x, target: y}, {source: y, target: x}, {source: y, target: a}]
        """);
    assertThat(cycle).hasSize(1);
    assertThat(cycle.get(0).field()).isIn("nodes.x", "nodes.y");
    assertThat(cycle.get(0).message()).contains("cycle");

    assertThat(problems("""
        nodes:
          - {id: start, type: start}
          - {id: island, type: probe}
          - {id: a, type: answer, config: {text: x}}
        edges: [{source: start, target: a}, {source: island, target: a}]
        """)).extracting(FieldError::field, FieldError::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("nodes.island", "cannot be reached from the start node"));
  }

  @Test
  void referencesMustPointAtKnownUpstreamOutputsAndVariables() {
    String all = fields(problems("""
        conversation_variables: [{name: topic, type: string}]
        nodes:
          - {id: start, type: start, config: {inputs: [{name: q, type: string}, {name: tags, type: "array[string]"}]}}
          - id: t
            type: template
            config:
              template: "{{ghost.x}} {{later.text}} {{start.nope}} {{env.MISSING}} {{conv.nothing}} {{sys.what}}"
          - id: deep
            type: template
            config: {template: "{{start.q.length}} {{start.tags.first}} {{start.tags.0}}"}
          - {id: later, type: template, config: {template: x}}
          - {id: a, type: answer, config: {text: "{{later.text}}"}}
        edges:
          - {source: start, target: t}
          - {source: t, target: deep}
          - {source: deep, target: later}
          - {source: later, target: a}
        """));
    assertThat(all).contains("nodes.t.config.template: {{ghost.x}}: unknown node ghost")
        .contains("nodes.t.config.template: {{later.text}}: node later is not upstream of this node")
        .contains("nodes.t.config.template: {{start.nope}}: node start has no output nope")
        .contains("{{env.MISSING}}: unknown environment variable MISSING")
        .contains("{{conv.nothing}}: unknown conversation variable nothing")
        .contains("{{sys.what}}: unknown system variable what")
        .contains("nodes.deep.config.template: {{start.q.length}}: cannot select length inside a string")
        .contains("{{start.tags.first}}: an index into array[string] is a number, not first")
        .doesNotContain("start.tags.0");
  }

  @Test
  void aReferenceMissingItsClosingBracesIsAnErrorButOtherBracesStayText() {
    String all = fields(problems("""
        nodes:
          - {id: start, type: start, config: {inputs: [{name: q, type: string}]}}
          - id: a
            type: answer
            config:
              text: "[{{start.q}] [{{start.q"
          - id: b
            type: answer
            config:
              text: "示例 {{\\"k\\": 1}} 与 {{ start.q }} 和 {{start.q的值"
        edges: [{source: start, target: a}, {source: a, target: b}]
        """));
    assertThat(all).contains("nodes.a.config.text: '{{start.q}' looks like a reference without its closing }}")
        .contains("nodes.b.config.text: '{{start.q的' looks like a reference without its closing }}")
        .doesNotContain("{{ start.q }}").doesNotContain("\"k\"");
  }

  @Test
  void policiesAreCheckedFieldByField() {
    String all = fields(problems("""
        nodes:
          - {id: start, type: start}
          - id: p
            type: probe
            policy: {retries: 11, timeout_ms: 0, retry_interval_ms: -1, on_error: explode}
          - id: q
            type: probe
            policy: {timeout_ms: 3600001, on_error: fallback, fallback: {value: 1, bogus: 2}}
          - {id: a, type: answer, config: {text: x}}
        edges: [{source: start, target: p}, {source: p, target: q}, {source: q, target: a}]
        """));
    assertThat(all).contains("nodes.p.policy.retries: must be 0 to 10")
        .contains("nodes.p.policy.timeout_ms: must be 1 ms to 1 hour")
        .contains("nodes.p.policy.retry_interval_ms")
        .contains("nodes.p.policy.on_error: must be fail, fallback or branch")
        .contains("nodes.q.policy.timeout_ms")
        .contains("nodes.q.policy.fallback.bogus: is not an output of this node")
        .doesNotContain("fallback.value");
  }

  @Test
  void loopBodiesAreValidatedWithTheLoopScopeAndItemTypes() {
    String all = fields(problems("""
        nodes:
          - {id: start, type: start, config: {inputs: [{name: files, type: "array[object]"}, {name: n, type: number}]}}
          - {id: before, type: template, config: {template: x}}
          - id: each
            type: loop
            config:
              items: "{{start.files}}"
              output: "{{inner.text}}"
              body:
                nodes:
                  - {id: inner, type: template, config: {template: "{{each.item.name}} {{each.index}} {{before.text}}"}}
                  - {id: bad, type: template, config: {template: "{{each.nothing}} {{after.text}} {{inner.text}}"}}
                  - {id: stray, type: start}
                edges: [{source: inner, target: bad}, {source: bad, target: ghost}]
          - {id: wrong, type: loop, config: {items: "{{start.n}}", output: "x", parallelism: 9, body: {nodes: [{id: w, type: probe}]}}}
          - {id: after, type: template, config: {template: "{{each.results}} {{inner.text}}"}}
          - {id: a, type: answer, config: {text: x}}
        edges:
          - {source: start, target: before}
          - {source: before, target: each}
          - {source: each, target: after}
          - {source: start, target: wrong}
          - {source: wrong, target: a}
          - {source: after, target: a}
        """));
    assertThat(all).doesNotContain("nodes.inner.")
        .contains("nodes.bad.config.template: {{each.nothing}}: inside its body, loop each offers item and index")
        .contains("nodes.bad.config.template: {{after.text}}: node after is not upstream of this node")
        .doesNotContain("nodes.each.config.output")
        .contains("nodes.stray.type: a loop body has no start node")
        .contains("nodes.each.config.body.edges[1].target: unknown node ghost")
        .contains("nodes.wrong.config.items: must be an array, start.n is number")
        .contains("nodes.wrong.config.parallelism: must be 1 to 8")
        .contains("nodes.after.config.template: {{inner.text}}: node inner is not upstream of this node");
  }

  @Test
  void executorChecksNameTheirFields() {
    String all = fields(problems("""
        conversation_variables: [{name: count, type: number}]
        nodes:
          - {id: start, type: start, config: {inputs: [{name: q, type: string}, {name: q, type: string}]}}
          - id: route
            type: if_else
            config: {cases: [{id: else, conditions: [{left: start.q, op: gt, right: 3}, {left: start.q, op: near}]}]}
          - {id: sw, type: switch, config: {cases: [{id: default}]}}
          - {id: tpl, type: template, config: {template: x, format: xml}}
          - {id: agg, type: aggregator, config: {variables: [nowhere.x]}}
          - id: set
            type: assigner
            config: {assignments: [{variable: conv.count, mode: append, value: 1}, {variable: start.q, value: 1}]}
          - {id: a, type: answer, config: {}}
        edges:
          - {source: start, target: route}
          - {source: route, source_handle: else, target: sw}
          - {source: sw, source_handle: default, target: tpl}
          - {source: tpl, target: agg}
          - {source: agg, target: set}
          - {source: set, target: a}
        """));
    assertThat(all).contains("nodes.start.config.inputs[1].name: duplicate input q")
        .contains("nodes.route.config.cases[0].id: must be a name (not else or error)")
        .contains("nodes.route.config.cases[0].conditions[0].left: gt compares numbers, start.q is string")
        .contains("nodes.route.config.cases[0].conditions[1].op: must be one of")
        .contains("nodes.sw.config.value: is required")
        .contains("nodes.sw.config.cases[0].id: must be a name (not default or error)")
        .contains("nodes.tpl.config.format: must be text or json")
        .contains("nodes.agg.config.variables[0]: does not resolve: nowhere.x")
        .contains("nodes.set.config.assignments[0].mode: append needs an array variable, conv.count is number")
        .contains("nodes.set.config.assignments[1].variable: must be a conversation variable")
        .contains("nodes.a.config.text: is required");
  }

  @Test
  void compileRefusesAnInvalidDefinitionWithEveryProblem() {
    assertThatThrownBy(() -> engine.compile(yaml("""
        format: jingzhi-workflow/1
        nodes: [{id: start, type: start}, {id: x, type: nope}]
        edges: [{source: start, target: x}]
        """))).isInstanceOfSatisfying(AgentException.class, e -> {
          assertThat(e.code()).isEqualTo("workflow.invalid");
          assertThat(e.status().value()).isEqualTo(422);
          assertThat(e.fieldErrors()).extracting(FieldError::field).containsExactlyInAnyOrder("nodes.x.type", "nodes");
        });
  }

  @Test
  void nodesLearnTheCodeOfTheAppWhoseDefinitionIsValidated() {
    List<String> seen = new java.util.ArrayList<>();
    NodeExecutor refusesItsApp = new NodeExecutor() {
      @Override
      public String type() {
        return "calls_app";
      }

      @Override
      public java.util.Map<String, io.jingzhi.agent.definition.VarType> outputs(
          io.jingzhi.agent.definition.NodeSpec node) {
        return java.util.Map.of();
      }

      @Override
      public void validate(io.jingzhi.agent.definition.NodeSpec node, Validation validation) {
        seen.add(String.valueOf(validation.appCode()));
        if (node.config().path("app").asString().equals(validation.appCode())) {
          validation.error("config.app", "calls its own app");
        }
      }

      @Override
      public NodeResult execute(NodeContext context) {
        return NodeResult.of(java.util.Map.of());
      }
    };
    var settings = TestEngines.settings(8, 10_000);
    List<NodeExecutor> executors = new java.util.ArrayList<>(
        io.jingzhi.agent.node.control.ControlNodes.all(settings));
    executors.add(refusesItsApp);
    WorkflowEngine withNode = new WorkflowEngine(executors, settings);
    var definition = yaml("""
        format: jingzhi-workflow/1
        nodes:
          - {id: start, type: start}
          - {id: c, type: calls_app, config: {app: self}}
          - {id: a, type: answer, config: {text: x}}
        edges: [{source: start, target: c}, {source: c, target: a}]
        """);
    assertThat(withNode.validate(definition, "other")).extracting(FieldError::field).doesNotContain(
        "nodes.c.config.app");
    assertThat(withNode.validate(definition, "self")).extracting(FieldError::field).contains("nodes.c.config.app");
    assertThat(withNode.validate(definition)).extracting(FieldError::field).doesNotContain("nodes.c.config.app");
    assertThat(seen).containsExactly("other", "self", "null");
  }
}
