package io.jingzhi.agent.assistant;

import io.jingzhi.common.error.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks of an assistant form that the compiled workflow cannot name precisely (the canvas has no nodes to point
 * at): each problem names the form's own field ({@code assistant.knowledge.top_k}).
 */
public final class AssistantChecks {

  private static final Set<String> MODES = Set.of("hybrid", "vector", "fulltext");

  private AssistantChecks() {}

  public static List<FieldError> check(AssistantConfig a) {
    List<FieldError> errors = new ArrayList<>();
    if (a == null) {
      errors.add(new FieldError("assistant", "required for an assistant app"));
      return errors;
    }
    if (blank(a.model())) {
      errors.add(new FieldError("assistant.model", "required: the chat model to answer with"));
    }
    if (a.systemPrompt() != null && a.systemPrompt().length() > 20_000) {
      errors.add(new FieldError("assistant.system_prompt", "at most 20000 characters"));
    }
    if (a.openingQuestions().size() > 10) {
      errors.add(new FieldError("assistant.opening_questions", "at most 10 questions"));
    }
    if (a.temperature() != null && (a.temperature() < 0 || a.temperature() > 2)) {
      errors.add(new FieldError("assistant.temperature", "between 0 and 2"));
    }
    if (a.memoryTurns() != null && (a.memoryTurns() < 0 || a.memoryTurns() > 50)) {
      errors.add(new FieldError("assistant.memory_turns", "between 0 and 50"));
    }
    var k = a.knowledge();
    if (k != null) {
      if (k.bases().stream().anyMatch(AssistantChecks::blank)) {
        errors.add(new FieldError("assistant.knowledge.bases", "knowledge base codes must not be blank"));
      }
      if (k.topK() != null && (k.topK() < 1 || k.topK() > 50)) {
        errors.add(new FieldError("assistant.knowledge.top_k", "between 1 and 50"));
      }
      if (k.scoreThreshold() != null && (k.scoreThreshold() < 0 || k.scoreThreshold() > 1)) {
        errors.add(new FieldError("assistant.knowledge.score_threshold", "between 0 and 1"));
      }
      if (k.mode() != null && !MODES.contains(k.mode())) {
        errors.add(new FieldError("assistant.knowledge.mode", "hybrid, vector or fulltext"));
      }
    }
    for (int i = 0; i < a.tools().size(); i++) {
      var t = a.tools().get(i);
      String path = "assistant.tools[" + i + "]";
      if (t == null) {
        errors.add(new FieldError(path, "must be a tool"));
        continue;
      }
      if (t.kind() != null && !"mcp".equals(t.kind())) {
        errors.add(new FieldError(path + ".kind", "only mcp tools are supported"));
      }
      if (blank(t.server())) {
        errors.add(new FieldError(path + ".server", "required: the MCP server's name"));
      }
      if (blank(t.tool())) {
        errors.add(new FieldError(path + ".tool", "required: the tool's name"));
      }
    }
    return errors;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
