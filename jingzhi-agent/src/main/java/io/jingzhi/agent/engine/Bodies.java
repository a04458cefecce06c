package io.jingzhi.agent.engine;

import io.jingzhi.agent.definition.EdgeSpec;
import io.jingzhi.agent.definition.NodeSpec;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** Reads the sub-graph of a loop node: {@code config.body: {nodes, edges}}. */
final class Bodies {

  /** The node type whose config holds a body the engine runs through {@link NodeContext#runBody}. */
  static final String LOOP = "loop";

  private static final JsonMapper SNAKE = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

  private Bodies() {}

  /** A loop's body; thrown {@link IllegalArgumentException} names what is wrong. */
  record Body(List<NodeSpec> nodes, List<EdgeSpec> edges) {}

  static boolean hasBody(NodeSpec node) {
    return LOOP.equals(node.type());
  }

  static Body of(NodeSpec node) {
    JsonNode body = node.config() == null ? null : node.config().get("body");
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("body must be an object with nodes and edges");
    }
    return new Body(list(body.get("nodes"), NodeSpec.class, "nodes"), list(body.get("edges"), EdgeSpec.class,
        "edges"));
  }

  private static <T> List<T> list(JsonNode array, Class<T> type, String field) {
    List<T> items = new ArrayList<>();
    if (array == null || array.isNull()) {
      return items;
    }
    if (!array.isArray()) {
      throw new IllegalArgumentException("body." + field + " must be an array");
    }
    for (int i = 0; i < array.size(); i++) {
      try {
        items.add(SNAKE.treeToValue(array.get(i), type));
      } catch (JacksonException e) {
        throw new IllegalArgumentException("body." + field + "[" + i + "]: " + e.getOriginalMessage());
      }
    }
    return items;
  }
}
