package io.jingzhi.agent.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.AgentException;
import io.jingzhi.common.error.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Reading and writing definitions, and the format upgrade chain. */
class DefinitionReaderTest {

  private final DefinitionReader reader = new DefinitionReader();

  private static final String YAML = """
      format: jingzhi-workflow/1
      environment:
        - {name: API_BASE, type: string, value: "http://127.0.0.1:9400"}
      conversation_variables:
        - {name: topic, type: string, value: ""}
      nodes:
        - id: start
          type: start
          title: 开始
          config:
            inputs:
              - {name: question, type: string, label: 问题, required: true, max_length: 2000}
        - id: kb
          type: knowledge
          config: {knowledge_bases: [rsj-policy-kb], query: "{{start.question}}", top_k: 5}
          policy: {timeout_ms: 30000, retries: 1, retry_interval_ms: 500, on_error: fallback, fallback: {result: []}}
          position: {x: 10.5, y: 20}
        - {id: answer, type: answer, config: {text: "{{kb.result}}"}}
      edges:
        - {source: start, target: kb}
        - {source: kb, source_handle: null, target: answer}
      """;

  @Test
  void readsYamlIntoTheRecords() {
    WorkflowDefinition d = reader.read(YAML);
    assertThat(d.format()).isEqualTo(WorkflowDefinition.CURRENT_FORMAT);
    assertThat(d.nodes()).extracting(NodeSpec::id).containsExactly("start", "kb", "answer");
    NodeSpec kb = d.nodes().get(1);
    assertThat(kb.policy()).isEqualTo(new NodePolicy(30000L, 1, 500L, "fallback", java.util.Map.of("result",
        List.of())));
    assertThat(kb.position()).isEqualTo(new NodeSpec.Position(10.5, 20));
    assertThat(kb.config().path("top_k").asInt()).isEqualTo(5);
    VariableSpec question = InputChecker.fields(d.nodes().get(0).config().get("inputs")).get(0);
    assertThat(question.maxLength()).isEqualTo(2000);
    assertThat(question.required()).isTrue();
    assertThat(d.environment().get(0).type()).isEqualTo(VarType.STRING);
  }

  @Test
  void writesJsonAndYamlThatReadBackTheSame() {
    WorkflowDefinition d = reader.read(YAML);
    String json = reader.writeJson(d);
    assertThat(json).contains("\"conversation_variables\"").contains("\"timeout_ms\" : 30000")
        .doesNotContain("\"source_handle\" : null").doesNotContain("\"options\"");
    assertThat(reader.read(json)).isEqualTo(d);
    assertThat(reader.read(reader.writeYaml(d))).isEqualTo(d);
  }

  @Test
  void aLegacyDefinitionIsUpgradedAndKeepsItsMeaning() {
    String legacy = """
        {
          "nodes": [
            {"id": "start", "type": "start"},
            {"id": "route", "type": "if_else", "timeout": 2.5, "retry": 3,
             "config": {"cases": [{"id": "yes", "conditions": [{"left": "start.x", "op": "empty"}]}]}},
            {"id": "each", "type": "loop", "config": {"items": "{{start.list}}", "output": "{{b.text}}",
              "body": {"nodes": [{"id": "b", "type": "template", "timeout": 1, "config": {"template": "x"}}],
                       "edges": [{"from": "b", "to": "b2"}]}}},
            {"id": "answer", "type": "answer", "config": {"text": "hi"}}
          ],
          "edges": [
            {"from": "start", "to": "route"},
            {"from": "route", "to": "answer", "handle": "yes"}
          ]
        }
        """;
    WorkflowDefinition d = reader.read(legacy);
    assertThat(d.format()).isEqualTo(WorkflowDefinition.CURRENT_FORMAT);
    assertThat(d.edges()).containsExactly(new EdgeSpec(null, "start", null, "route"),
        new EdgeSpec(null, "route", "yes", "answer"));
    assertThat(d.nodes().get(1).policy().timeoutMs()).isEqualTo(2500L);
    assertThat(d.nodes().get(1).policy().retries()).isEqualTo(3);
    var body = d.nodes().get(2).config().get("body");
    assertThat(body.get("nodes").get(0).get("policy").get("timeout_ms").asLong()).isEqualTo(1000L);
    assertThat(body.get("edges").get(0).get("source").asString()).isEqualTo("b");
    assertThat(body.has("format")).isFalse();
    // the explicit format-0 marker reads the same
    assertThat(reader.read(legacy.replaceFirst("\\{", "{\"format\": \"jingzhi-workflow/0\",")).edges())
        .isEqualTo(d.edges());
  }

  @Test
  void upgradeStepsChainByFormat() {
    FormatUpgrade fromOld = new FormatUpgrade() {
      @Override
      public String from() {
        return "acme-flow/7";
      }

      @Override
      public String to() {
        return "jingzhi-workflow/0";
      }

      @Override
      public ObjectNode upgrade(ObjectNode document) {
        document.set("nodes", document.remove("steps"));
        document.put("format", to());
        return document;
      }
    };
    DefinitionReader chained = new DefinitionReader(List.of(fromOld, new Format0Upgrade()));
    WorkflowDefinition d = chained.read("""
        {"format": "acme-flow/7", "steps": [{"id": "start", "type": "start"}], "edges": [{"from": "start", "to": "a"}]}
        """);
    assertThat(d.nodes()).extracting(NodeSpec::id).containsExactly("start");
    assertThat(d.edges().get(0).target()).isEqualTo("a");
  }

  @Test
  void anUnknownFutureFormatIsRefused() {
    assertThatThrownBy(() -> reader.read("{\"format\": \"jingzhi-workflow/9\", \"nodes\": []}"))
        .isInstanceOfSatisfying(AgentException.class, e -> {
          assertThat(e.code()).isEqualTo("workflow.unsupported_format");
          assertThat(e.status().value()).isEqualTo(422);
          assertThat(e.fieldErrors()).extracting(FieldError::field).containsExactly("format");
        });
  }

  @Test
  void brokenTextAndWrongShapesAreClearProblems() {
    assertThatThrownBy(() -> reader.read("{\"nodes\": [")).isInstanceOfSatisfying(AgentException.class,
        e -> assertThat(e.code()).isEqualTo("workflow.malformed"));
    assertThatThrownBy(() -> reader.read("nodes: [a, b")).isInstanceOfSatisfying(AgentException.class,
        e -> assertThat(e.code()).isEqualTo("workflow.malformed"));
    assertThatThrownBy(() -> reader.read("   ")).isInstanceOfSatisfying(AgentException.class,
        e -> assertThat(e.code()).isEqualTo("workflow.malformed"));
    assertThatThrownBy(() -> reader.read("- just\n- a list\n")).isInstanceOfSatisfying(AgentException.class,
        e -> assertThat(e.code()).isEqualTo("workflow.invalid"));
    assertThatThrownBy(() -> reader.read("""
        {"format": "jingzhi-workflow/1", "nodes": [{"id": "a", "type": "start", "policy": {"retries": "many"}}]}
        """)).isInstanceOfSatisfying(AgentException.class, e -> {
          assertThat(e.code()).isEqualTo("workflow.invalid");
          assertThat(e.fieldErrors().get(0).field()).isEqualTo("nodes[0].policy.retries");
        });
    assertThatThrownBy(() -> reader.read("{\"format\": \"jingzhi-workflow/1\", \"edges\": [{}, null]}"))
        .isInstanceOfSatisfying(AgentException.class,
            e -> assertThat(e.fieldErrors().get(0).field()).isEqualTo("edges[1]"));
    assertThatThrownBy(() -> reader.read("""
        {"format": "jingzhi-workflow/1", "environment": [{"name": "X", "type": "colour"}]}
        """)).isInstanceOfSatisfying(AgentException.class,
        e -> assertThat(e.fieldErrors().get(0).field()).isEqualTo("environment[0].type"));
  }
}
