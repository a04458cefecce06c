package io.jingzhi.agent.node.control;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.engine.Selector;
import io.jingzhi.agent.engine.Template;
import io.jingzhi.agent.engine.Validation;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** Small readers of node configs shared by the control nodes. */
final class Configs {

  private Configs() {}

  static JsonNode field(NodeSpec node, String name) {
    return node.config() == null ? MissingNode.getInstance() : node.config().path(name);
  }

  static String text(NodeSpec node, String name) {
    JsonNode value = field(node, name);
    return value.isString() ? value.asString() : null;
  }

  static List<JsonNode> array(NodeSpec node, String name) {
    List<JsonNode> items = new ArrayList<>();
    field(node, name).forEach(items::add);
    return items;
  }

  /** A required text field; reports it when missing. */
  static String requireText(NodeSpec node, String name, Validation validation) {
    String text = text(node, name);
    if (text == null || text.isBlank()) {
      validation.error("config." + name, "is required (text)");
      return null;
    }
    return text;
  }

  /**
   * A selector written bare ({@code llm.text}) or as one reference ({@code {{llm.text}}}); reports it when it is
   * missing or does not resolve (a bare selector is not a template, so the engine does not check it).
   */
  static Selector selector(String field, String text, Validation validation) {
    Selector selector = Selector.parse(text);
    if (selector == null) {
      validation.error(field, text == null || text.isBlank() ? "is required (a selector such as llm.text)"
          : "is not a selector: " + text);
      return null;
    }
    if (!isReference(text) && validation.typeOf(selector.text()).isEmpty()) {
      validation.error(field, "does not resolve: " + selector.text()
          + " (unknown node or output, or not upstream)");
    }
    return selector;
  }

  static boolean isReference(String text) {
    return text != null && Template.parse(text).isSingleReference();
  }
}
