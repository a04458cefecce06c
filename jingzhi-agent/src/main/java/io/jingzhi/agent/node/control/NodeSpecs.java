package io.jingzhi.agent.node.control;

import io.jingzhi.agent.definition.NodeSpec;
import tools.jackson.databind.JsonNode;

/** Lets {@link Configs} read nested config objects as if they were a node's config. */
final class NodeSpecs {

  private NodeSpecs() {}

  static NodeSpec of(JsonNode config) {
    return new NodeSpec("nested", "nested", null, config, null, null);
  }
}
