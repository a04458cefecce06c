package io.jingzhi.agent.node.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.definition.DefinitionReader;
import io.jingzhi.agent.engine.RunInfo;
import io.jingzhi.agent.engine.RunListener;
import io.jingzhi.agent.engine.RunOutcome;
import io.jingzhi.agent.engine.RunRequest;
import io.jingzhi.agent.engine.WorkflowEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control nodes run inside the engine, through small workflows. */
class ControlNodesTest {

  private static final AgentProperties.Engine SETTINGS =
      new AgentProperties.Engine(Duration.ofSeconds(60), 200, 1000, 8, 10_000);
  private final WorkflowEngine engine = new WorkflowEngine(ControlNodes.all(SETTINGS), SETTINGS);
  private final DefinitionReader reader = new DefinitionReader();

  private RunOutcome run(String yaml, Map<String, Object> inputs, Map<String, Object> conversation) {
    var compiled = engine.compile(reader.read("format: jingzhi-workflow/1\n" + yaml));
    return engine.run(compiled, new RunRequest(new RunInfo(1, "t", 0, null, "c1", "问", List.of(), 0), inputs,
        conversation, Map.of("REGION", "北京")), RunListener.NONE);
  }

  @Test
  void startChecksAndTypesInputsAndFillsDefaults() {
    String flow = """
        nodes:
          - id: start
            type: start
            config:
              inputs:
                - {name: name, type: string, required: true, max_length: 4}
                - {name: age, type: number}
                - {name: vip, type: boolean, value: false}
                - {name: level, type: string, options: [低, 高]}
          - {id: done, type: end, config: {outputs: {name: start.name, age: start.age, vip: start.vip, level: start.level}}}
        edges: [{source: start, target: done}]
        """;
    RunOutcome ok = run(flow, Map.of("name", "张三", "age", "42", "level", "高"), Map.of());
    assertThat(ok.outputs()).containsEntry("name", "张三").containsEntry("age", 42L).containsEntry("vip", false)
        .containsEntry("level", "高");
    assertThat(run(flow, Map.of(), Map.of()).errorMessage()).contains("name").contains("required");
    assertThat(run(flow, Map.of("name", "一二三四五"), Map.of()).errorMessage()).contains("longer than 4");
    assertThat(run(flow, Map.of("name", "x", "age", "老"), Map.of()).errorMessage()).contains("age");
    assertThat(run(flow, Map.of("name", "x", "level", "中"), Map.of()).errorMessage()).contains("level");
  }

  @Test
  void switchPicksTheMatchingCaseOrDefault() {
    String flow = """
        nodes:
          - {id: start, type: start, config: {inputs: [{name: n, type: number}]}}
          - {id: sw, type: switch, config: {value: "{{start.n}}", cases: [{id: one, equals: 1}, {id: two, equals: "2"}]}}
          - {id: a1, type: answer, config: {text: 一}}
          - {id: a2, type: answer, config: {text: 二}}
          - {id: other, type: answer, config: {text: "其他{{sw.value}}"}}
        edges:
          - {source: start, target: sw}
          - {source: sw, source_handle: one, target: a1}
          - {source: sw, source_handle: two, target: a2}
          - {source: sw, source_handle: default, target: other}
        """;
    assertThat(run(flow, Map.of("n", 2), Map.of()).answer()).isEqualTo("二");
    assertThat(run(flow, Map.of("n", 1), Map.of()).answer()).isEqualTo("一");
    assertThat(run(flow, Map.of("n", 7), Map.of()).answer()).isEqualTo("其他7");
  }

  @Test
  void ifElseWithOrConditionsAndSystemAndEnvironmentValues() {
    String flow = """
        environment: [{name: REGION, type: string}]
        nodes:
          - {id: start, type: start}
          - id: route
            type: if_else
            config:
              cases:
                - {id: match, logical: or, conditions: [{left: sys.query, op: equals, right: 不是}, {left: env.REGION, op: starts_with, right: 北}]}
          - {id: yes, type: answer, config: {text: "{{env.REGION}}-{{route.case}}"}}
          - {id: no, type: answer, config: {text: 否}}
        edges:
          - {source: start, target: route}
          - {source: route, source_handle: match, target: yes}
          - {source: route, source_handle: else, target: no}
        """;
    assertThat(run(flow, Map.of(), Map.of()).answer()).isEqualTo("北京-match");
  }

  @Test
  void templateRendersTextOrParsesJson() {
    String flow = """
        nodes:
          - {id: start, type: start, config: {inputs: [{name: city, type: string}]}}
          - {id: t, type: template, config: {format: json, template: "{\\"city\\": \\"{{start.city}}\\", \\"n\\": 3}"}}
          - {id: done, type: end, config: {outputs: {json: t.json, n: "{{t.json.n}}", text: t.text}}}
        edges: [{source: start, target: t}, {source: t, target: done}]
        """;
    RunOutcome ok = run(flow, Map.of("city", "上海"), Map.of());
    assertThat(ok.outputs().get("json")).isEqualTo(Map.of("city", "上海", "n", 3L));
    assertThat(ok.outputs()).containsEntry("n", 3L).containsEntry("text", "{\"city\": \"上海\", \"n\": 3}");
    RunOutcome broken = run(flow, Map.of("city", "a\"b"), Map.of());
    assertThat(broken.errorCode()).isEqualTo("template.invalid_json");
  }

  @Test
  void assignerSetsAppendsAndClearsConversationVariables() {
    String flow = """
        conversation_variables:
          - {name: topic, type: string, value: ""}
          - {name: asked, type: "array[string]", value: []}
          - {name: note, type: string, value: 旧}
        nodes:
          - {id: start, type: start}
          - id: set
            type: assigner
            config:
              assignments:
                - {variable: conv.topic, value: "{{sys.query}}"}
                - {variable: conv.asked, mode: append, value: "{{sys.query}}"}
                - {variable: conv.note, mode: clear}
          - {id: a, type: answer, config: {text: "{{conv.topic}}/{{conv.asked}}/{{conv.note}}"}}
        edges: [{source: start, target: set}, {source: set, target: a}]
        """;
    RunOutcome first = run(flow, Map.of(), Map.of());
    assertThat(first.conversation()).containsEntry("topic", "问").containsEntry("asked", List.of("问"))
        .containsEntry("note", "");
    assertThat(first.answer()).isEqualTo("问/[\"问\"]/");
    RunOutcome second = run(flow, Map.of(), first.conversation());
    assertThat(second.conversation()).containsEntry("asked", List.of("问", "问"));
  }

  @Test
  void aggregatorTakesTheValueOfTheBranchThatRan() {
    String flow = """
        nodes:
          - {id: start, type: start, config: {inputs: [{name: x, type: string}]}}
          - {id: route, type: if_else, config: {cases: [{id: a, conditions: [{left: start.x, op: equals, right: a}]}]}}
          - {id: ta, type: template, config: {template: 甲}}
          - {id: tb, type: template, config: {template: 乙}}
          - {id: join, type: aggregator, config: {variables: ["{{ta.text}}", tb.text]}}
          - {id: done, type: end, config: {outputs: {v: join.output}}}
        edges:
          - {source: start, target: route}
          - {source: route, source_handle: a, target: ta}
          - {source: route, source_handle: else, target: tb}
          - {source: ta, target: join}
          - {source: tb, target: join}
          - {source: join, target: done}
        """;
    assertThat(run(flow, Map.of("x", "a"), Map.of()).outputs()).containsEntry("v", "甲");
    assertThat(run(flow, Map.of("x", "b"), Map.of()).outputs()).containsEntry("v", "乙");
  }

  @Test
  void loopRefusesNonArraysAndTooManyItems() {
    String flow = """
        nodes:
          - {id: start, type: start, config: {inputs: [{name: xs, type: any}]}}
          - id: each
            type: loop
            config:
              items: "{{start.xs}}"
              max_items: 2
              output: "{{t.text}}"
              body: {nodes: [{id: t, type: template, config: {template: "<{{each.item}}>"}}]}
          - {id: done, type: end, config: {outputs: {r: each.results}}}
        edges: [{source: start, target: each}, {source: each, target: done}]
        """;
    assertThat(run(flow, Map.of("xs", List.of(1, 2)), Map.of()).outputs()).containsEntry("r", List.of("<1>", "<2>"));
    assertThat(run(flow, Map.of("xs", "abc"), Map.of()).errorCode()).isEqualTo("loop.items_not_array");
    assertThat(run(flow, Map.of("xs", List.of(1, 2, 3)), Map.of()).errorCode()).isEqualTo("loop.too_many_items");
  }
}
