package io.jingzhi.agent.app;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.WorkflowDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Finds the components a definition references, from its node configs: {@code mcp} nodes ({@code server},
 * {@code tool}), {@code agent} nodes ({@code tools[].server}, {@code tools[].tool}) and {@code database} nodes
 * ({@code connection}), loop bodies included.
 */
public final class Components {

  private Components() {}

  public static List<ComponentRef> referenced(WorkflowDefinition d) {
    Map<String, Acc> found = new LinkedHashMap<>();
    walk(d.nodes(), found);
    List<ComponentRef> refs = new ArrayList<>();
    found.values().forEach(a -> refs.add(new ComponentRef(a.kind, a.name, List.copyOf(a.nodes),
        List.copyOf(a.tools))));
    return refs;
  }

  private static void walk(List<NodeSpec> nodes, Map<String, Acc> found) {
    for (NodeSpec n : nodes) {
      JsonNode c = n.config();
      if (c == null || !c.isObject() || n.type() == null) {
        continue;
      }
      switch (n.type()) {
        case "mcp" -> add(found, ComponentRef.MCP_SERVER, text(c.get("server")), n.id(), text(c.get("tool")));
        case "agent" -> {
          for (JsonNode t : c.path("tools")) {
            add(found, ComponentRef.MCP_SERVER, text(t.get("server")), n.id(), text(t.get("tool")));
          }
        }
        case "database" -> add(found, ComponentRef.DB_CONNECTION, text(c.get("connection")), n.id(), null);
        default -> { }
      }
      JsonNode body = c.path("body").path("nodes");
      if (body.isArray()) {
        List<NodeSpec> inner = new ArrayList<>();
        for (JsonNode b : body) {
          inner.add(new NodeSpec(text(b.get("id")), text(b.get("type")), null, b.get("config"), null, null));
        }
        walk(inner, found);
      }
    }
  }

  private static void add(Map<String, Acc> found, String kind, String name, String node, String tool) {
    if (name == null || name.isBlank() || name.contains("{{")) {
      return;
    }
    Acc acc = found.computeIfAbsent(kind + "/" + name, k -> new Acc(kind, name));
    acc.nodes.add(node);
    if (tool != null && !tool.isBlank()) {
      acc.tools.add(tool);
    }
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.isString() ? n.asString() : n.toString();
  }

  private static final class Acc {
    final String kind;
    final String name;
    final Set<String> nodes = new LinkedHashSet<>();
    final Set<String> tools = new LinkedHashSet<>();

    Acc(String kind, String name) {
      this.kind = kind;
      this.name = name;
    }
  }
}
