package io.jingzhi.agent.definition;

import tools.jackson.databind.JsonNode;

/**
 * One node of a workflow.
 *
 * @param id unique within the definition (loop bodies included), {@code [a-z][a-z0-9_]*}; other nodes refer to its
 *     outputs as {@code {{id.output}}}
 * @param type the node type, the {@link io.jingzhi.agent.engine.NodeExecutor#type()} that runs it
 * @param title shown on the canvas and in traces
 * @param config the type's own settings (docs/agent-workflow.md, one section per type); any string in it may hold
 *     {@code {{selector}}} references
 * @param policy timeout, retries and what happens on failure; null means the engine's defaults (fail the run)
 * @param position where the canvas draws it; ignored by the engine
 */
public record NodeSpec(String id, String type, String title, JsonNode config, NodePolicy policy,
    Position position) {

  public NodeSpec {
    // Executors read fields of the config; an absent config reads as an empty one.
    config = config == null || config.isNull() || config.isMissingNode()
        ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode() : config;
  }

  /** Canvas coordinates. */
  public record Position(double x, double y) {}
}
