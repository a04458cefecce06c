package io.jingzhi.agent.node.model;

import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.mcp.McpCallFailed;
import io.jingzhi.agent.mcp.McpTools;
import io.jingzhi.common.error.ApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tools an agent node offers its model: each configured MCP tool described as an OpenAI function (its name
 * made valid and unique, its input schema as parameters), and the way back from a function name to the tool.
 */
final class AgentTools {

  /** Which MCP tool a function name stands for. */
  record Binding(String function, String server, String tool) {}

  private final List<Map<String, Object>> functions;
  private final Map<String, Binding> byFunction;

  private AgentTools(List<Map<String, Object>> functions, Map<String, Binding> byFunction) {
    this.functions = functions;
    this.byFunction = byFunction;
  }

  /**
   * Looks up the configured tools on their servers as the run's caller. A server or tool that cannot be found
   * fails the node ({@code agent.tool_unavailable}): an agent silently missing a tool would answer wrongly.
   */
  @SuppressWarnings("unchecked")
  static AgentTools load(NodeContext context, McpTools mcp, JsonMapper json) {
    List<Map<String, Object>> functions = new ArrayList<>();
    Map<String, Binding> bindings = new LinkedHashMap<>();
    Map<String, List<McpTools.Tool>> listed = new HashMap<>();
    for (JsonNode spec : context.config().path("tools")) {
      String server = spec.path("server").isIntegralNumber() ? spec.get("server").asString()
          : spec.path("server").asString("").strip();
      String name = spec.path("tool").asString("").strip();
      List<McpTools.Tool> tools;
      try {
        tools = listed.computeIfAbsent(server, s -> mcp.tools(context.caller(), s));
      } catch (ApiException e) {
        throw new NodeFailure("agent.tool_unavailable", "MCP server " + server + ": " + e.getMessage(),
            e.status().value() >= 500, e);
      } catch (McpCallFailed e) {
        // An unknown server, or one that cannot be reached to list its tools (that one may be back later).
        throw new NodeFailure("agent.tool_unavailable", "MCP server " + server + ": " + e.getMessage(),
            e.retryable(), e);
      }
      McpTools.Tool tool = tools.stream().filter(t -> t.name().equals(name)).findFirst()
          .orElseThrow(() -> new NodeFailure("agent.tool_unavailable", "MCP server " + server
              + " has no tool " + name, false));
      String function = unique(sanitize(name), bindings);
      bindings.put(function, new Binding(function, server, name));
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("name", function);
      f.put("description", tool.description() == null ? "" : tool.description());
      f.put("parameters", tool.inputSchema() != null && tool.inputSchema().isObject()
          ? json.convertValue(tool.inputSchema(), Map.class) : Map.of("type", "object", "properties", Map.of()));
      functions.add(Map.of("type", "function", "function", f));
    }
    return new AgentTools(List.copyOf(functions), bindings);
  }

  /** OpenAI function names are {@code [a-zA-Z0-9_-]{1,64}}. */
  static String sanitize(String name) {
    String s = name.replaceAll("[^A-Za-z0-9_-]", "_");
    s = s.isEmpty() ? "tool" : s;
    return s.length() > 60 ? s.substring(0, 60) : s;
  }

  private static String unique(String base, Map<String, Binding> taken) {
    String name = base;
    for (int i = 2; taken.containsKey(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  boolean isEmpty() {
    return functions.isEmpty();
  }

  List<Map<String, Object>> functions() {
    return functions;
  }

  Binding byFunction(String function) {
    return byFunction.get(function);
  }
}
