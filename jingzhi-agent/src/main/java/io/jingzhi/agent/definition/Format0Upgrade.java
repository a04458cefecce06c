package io.jingzhi.agent.definition;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Format 0 (definitions written before the format was versioned: no {@code format} key, or
 * {@code jingzhi-workflow/0}) to format 1. Format 0 wrote edges as {@code {from, to, handle}} and a node's policy
 * as top-level fields: {@code timeout} in seconds and {@code retry} as the number of retries. Apps published then
 * keep their stored definitions; this step lets them run unchanged.
 */
final class Format0Upgrade implements FormatUpgrade {

  static final String FORMAT_0 = "jingzhi-workflow/0";

  @Override
  public String from() {
    return FORMAT_0;
  }

  @Override
  public String to() {
    return WorkflowDefinition.CURRENT_FORMAT;
  }

  @Override
  public ObjectNode upgrade(ObjectNode document) {
    if (document.get("edges") instanceof tools.jackson.databind.node.ArrayNode edges) {
      for (JsonNode edge : edges) {
        if (edge instanceof ObjectNode e) {
          rename(e, "from", "source");
          rename(e, "to", "target");
          rename(e, "handle", "source_handle");
        }
      }
    }
    if (document.get("nodes") instanceof tools.jackson.databind.node.ArrayNode nodes) {
      for (JsonNode node : nodes) {
        if (node instanceof ObjectNode n) {
          upgradeNode(n);
        }
      }
    }
    document.put("format", to());
    return document;
  }

  private void upgradeNode(ObjectNode node) {
    JsonNode timeout = node.remove("timeout");
    JsonNode retry = node.remove("retry");
    if (timeout != null && !timeout.isNull() || retry != null && !retry.isNull()) {
      ObjectNode policy = node.get("policy") instanceof ObjectNode p ? p : node.putObject("policy");
      if (timeout != null && timeout.isNumber() && !policy.has("timeout_ms")) {
        policy.put("timeout_ms", Math.round(timeout.asDouble() * 1000));
      }
      if (retry != null && retry.isNumber() && !policy.has("retries")) {
        policy.put("retries", retry.asInt());
      }
    }
    // Loop bodies of format 0 carry the same legacy shapes.
    if (node.get("config") instanceof ObjectNode config && config.get("body") instanceof ObjectNode body) {
      upgrade(body);
      body.remove("format");
    }
  }

  private static void rename(ObjectNode node, String from, String to) {
    JsonNode value = node.remove(from);
    if (value != null && !node.has(to)) {
      node.set(to, value);
    }
  }
}
