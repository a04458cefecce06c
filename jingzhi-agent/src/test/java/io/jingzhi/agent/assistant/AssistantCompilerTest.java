package io.jingzhi.agent.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.common.error.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssistantCompilerTest {

  private static AssistantConfig form(AssistantConfig.Knowledge k, List<AssistantConfig.ToolRef> tools) {
    return new AssistantConfig("demo-chat", "你是助手。", "您好", List.of("问题？"), k, tools, 0.3, 3);
  }

  @Test
  void aPlainAssistantIsStartLlmAnswer() {
    var d = AssistantCompiler.compile(form(null, null));
    assertThat(d.nodes().stream().map(NodeSpec::type)).containsExactly("start", "llm", "answer");
    assertThat(d.edges()).hasSize(2);
    var llm = d.nodes().get(1).config();
    assertThat(llm.get("model").asString()).isEqualTo("demo-chat");
    assertThat(llm.get("system").asString()).isEqualTo("你是助手。");
    assertThat(llm.get("prompt").asString()).isEqualTo("{{sys.query}}");
    assertThat(llm.get("memory").get("turns").asInt()).isEqualTo(3);
    assertThat(d.nodes().get(2).config().get("text").asString()).isEqualTo("{{model.text}}");
  }

  @Test
  void knowledgeComesFirstAndReachesTheModelThroughItsInstructions() {
    var d = AssistantCompiler.compile(form(new AssistantConfig.Knowledge(List.of(" rsj-policy-kb "), 4, 0.5,
        "hybrid"), null));
    assertThat(d.nodes().stream().map(NodeSpec::type)).containsExactly("start", "knowledge", "llm", "answer");
    var kb = d.nodes().get(1).config();
    assertThat(kb.get("knowledge_bases").get(0).asString()).isEqualTo("rsj-policy-kb");
    assertThat(kb.get("top_k").asInt()).isEqualTo(4);
    assertThat(kb.get("score_threshold").asDouble()).isEqualTo(0.5);
    assertThat(d.nodes().get(2).config().get("system").asString()).startsWith("你是助手。")
        .contains("{{knowledge.context}}");
    assertThat(d.edges().get(0).target()).isEqualTo("knowledge");
    assertThat(d.edges().get(1).source()).isEqualTo("knowledge");
  }

  @Test
  void toolsMakeTheModelStepAnAgent() {
    var d = AssistantCompiler.compile(form(null, List.of(new AssistantConfig.ToolRef("mcp", "jingzhi-tools",
        "current_time"))));
    assertThat(d.nodes().get(1).type()).isEqualTo("agent");
    assertThat(d.nodes().get(1).config().get("tools").get(0).get("tool").asString()).isEqualTo("current_time");
  }

  @Test
  void theSameFormCompilesToTheSameDefinition() {
    var k = new AssistantConfig.Knowledge(List.of("kb"), null, null, null);
    assertThat(AssistantCompiler.compile(form(k, null))).isEqualTo(AssistantCompiler.compile(form(k, null)));
  }

  @Test
  void checksNameTheFormsFields() {
    var bad = new AssistantConfig(" ", null, null, List.of(), new AssistantConfig.Knowledge(List.of("kb"), 0, 2.0,
        "magic"), List.of(new AssistantConfig.ToolRef("http", null, "")), 3.0, -1);
    assertThat(AssistantChecks.check(bad).stream().map(FieldError::field)).containsExactlyInAnyOrder(
        "assistant.model", "assistant.temperature", "assistant.memory_turns", "assistant.knowledge.top_k",
        "assistant.knowledge.score_threshold", "assistant.knowledge.mode", "assistant.tools[0].kind",
        "assistant.tools[0].server", "assistant.tools[0].tool");
    assertThat(AssistantChecks.check(form(null, null))).isEmpty();
  }
}
