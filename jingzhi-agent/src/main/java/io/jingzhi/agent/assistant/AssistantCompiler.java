package io.jingzhi.agent.assistant;

import io.jingzhi.agent.definition.EdgeSpec;
import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.WorkflowDefinition;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an assistant form into the workflow the engine runs: {@code start → [knowledge] → llm | agent → answer}.
 * The model step is an {@code agent} node (function calling) when tools are configured, an {@code llm} node
 * otherwise; retrieved passages reach the model through the system prompt. The result is deterministic, so the
 * same form always compiles to the same definition (versions compare equal).
 */
public final class AssistantCompiler {

  /** Node ids of compiled assistants, fixed so that traces of every assistant read alike. */
  public static final String START = "start";
  public static final String KNOWLEDGE = "knowledge";
  public static final String MODEL = "model";
  public static final String ANSWER = "answer";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private AssistantCompiler() {}

  public static WorkflowDefinition compile(AssistantConfig a) {
    List<NodeSpec> nodes = new ArrayList<>();
    List<EdgeSpec> edges = new ArrayList<>();
    ObjectNode startConfig = F.objectNode();
    startConfig.putArray("inputs");
    nodes.add(new NodeSpec(START, "start", "开始", startConfig, null, new NodeSpec.Position(0, 0)));
    String previous = START;
    double x = 260;
    if (a.usesKnowledge()) {
      nodes.add(new NodeSpec(KNOWLEDGE, "knowledge", "知识检索", knowledgeConfig(a.knowledge()), null,
          new NodeSpec.Position(x, 0)));
      edges.add(new EdgeSpec(null, previous, null, KNOWLEDGE));
      previous = KNOWLEDGE;
      x += 260;
    }
    boolean agent = !a.tools().isEmpty();
    nodes.add(new NodeSpec(MODEL, agent ? "agent" : "llm", agent ? "智能体" : "大模型", modelConfig(a, agent), null,
        new NodeSpec.Position(x, 0)));
    edges.add(new EdgeSpec(null, previous, null, MODEL));
    ObjectNode answer = F.objectNode();
    answer.put("text", "{{" + MODEL + ".text}}");
    nodes.add(new NodeSpec(ANSWER, "answer", "回复", answer, null, new NodeSpec.Position(x + 260, 0)));
    edges.add(new EdgeSpec(null, MODEL, null, ANSWER));
    return new WorkflowDefinition(WorkflowDefinition.CURRENT_FORMAT, List.of(), List.of(), nodes, edges);
  }

  private static ObjectNode knowledgeConfig(AssistantConfig.Knowledge k) {
    ObjectNode c = F.objectNode();
    var bases = c.putArray("knowledge_bases");
    k.bases().forEach(b -> bases.add(b.strip()));
    c.put("query", "{{sys.query}}");
    if (k.topK() != null) {
      c.put("top_k", k.topK());
    }
    if (k.scoreThreshold() != null) {
      c.put("score_threshold", k.scoreThreshold());
    }
    if (k.mode() != null) {
      c.put("mode", k.mode());
    }
    return c;
  }

  private static ObjectNode modelConfig(AssistantConfig a, boolean agent) {
    ObjectNode c = F.objectNode();
    c.put("model", a.model());
    c.put("system", system(a));
    c.put("prompt", "{{sys.query}}");
    if (a.temperature() != null) {
      c.put("temperature", a.temperature());
    }
    int turns = a.memoryTurns() == null ? 0 : a.memoryTurns();
    if (turns > 0) {
      c.putObject("memory").put("turns", turns);
    }
    if (agent) {
      var tools = c.putArray("tools");
      for (var t : a.tools()) {
        tools.addObject().put("kind", "mcp").put("server", t.server()).put("tool", t.tool());
      }
    }
    return c;
  }

  private static String system(AssistantConfig a) {
    String base = a.systemPrompt() == null ? "" : a.systemPrompt().strip();
    if (!a.usesKnowledge()) {
      return base;
    }
    // The passages go into the instructions rather than the user turn, so memory keeps the user's own words.
    String context = "请依据以下参考资料回答；资料中没有的内容请如实说明。\n参考资料：\n{{" + KNOWLEDGE + ".context}}";
    return base.isEmpty() ? context : base + "\n\n" + context;
  }
}
