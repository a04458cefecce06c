package io.jingzhi.agent.mcp;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.mcp.McpServerRepository.Stored;
import io.jingzhi.iam.api.Caller;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls tools of the registered MCP servers (Streamable HTTP or stdio) with the official MCP Java SDK; used by the
 * MCP node and by the agent node's tool calling. Arguments are checked against the tool's input schema before a
 * call leaves the platform; failures that are no tool result throw {@link McpCallFailed}.
 */
@Service
public class McpTools {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final McpServerAccess access;
  private final ToolCatalog catalog;
  private final McpConnections connections;
  private final AgentProperties properties;
  private final JsonMapper json = JsonMapper.builder().build();

  public McpTools(McpServerAccess access, ToolCatalog catalog, McpConnections connections,
      AgentProperties properties) {
    this.access = access;
    this.catalog = catalog;
    this.connections = connections;
    this.properties = properties;
  }

  /** A tool as its server describes it. */
  public record Tool(String server, String name, String description, JsonNode inputSchema) {}

  /**
   * The result of one call: {@code text} joins the text contents; {@code structured} is the structured content
   * when the server gave one; {@code error} is the tool's own error flag.
   */
  public record Result(String text, List<Map<String, Object>> content, Object structured, boolean error) {}

  /** The tools of a server the caller may use ({@code server} is its name or id). */
  public List<Tool> tools(Caller caller, String server) {
    Stored stored = access.usable(caller, server);
    return catalog.currentOrRefreshed(stored, null).stream()
        .map(t -> new Tool(stored.name(), t.name(), t.description(),
            t.inputSchema() == null ? null : json.valueToTree(t.inputSchema())))
        .toList();
  }

  /** Calls one tool. */
  public Result call(Caller caller, String server, String tool, Map<String, Object> arguments, Duration timeout) {
    Stored stored = access.usable(caller, server);
    McpToolInfo info = find(stored, tool).orElseThrow(() -> new McpCallFailed("mcp.unknown_tool",
        "MCP server " + stored.name() + " has no tool " + tool, false));
    Map<String, Object> args = arguments == null ? Map.of() : arguments;
    String problem = catalog.argumentProblem(info, args);
    if (problem != null) {
      throw new McpCallFailed("mcp.invalid_arguments", "arguments of " + tool + " do not fit its schema: " + problem,
          false);
    }
    Duration limit = timeout == null || timeout.isNegative() || timeout.isZero() ? properties.mcp().requestTimeout()
        : timeout;
    return result(connections.endpoint(stored).call(tool, args, limit));
  }

  /** The tool in the stored list; a tool the list lacks may be new, so the list is refreshed once. */
  private Optional<McpToolInfo> find(Stored server, String tool) {
    Optional<McpToolInfo> known = catalog.currentOrRefreshed(server, null).stream()
        .filter(t -> Objects.equals(t.name(), tool)).findFirst();
    if (known.isPresent() || server.currentVersion() == 0) {
      return known;
    }
    return catalog.refresh(server, null).tools().stream().filter(t -> Objects.equals(t.name(), tool)).findFirst();
  }

  private Result result(McpSchema.CallToolResult r) {
    List<String> texts = new ArrayList<>();
    List<Map<String, Object>> content = new ArrayList<>();
    if (r.content() != null) {
      for (McpSchema.Content c : r.content()) {
        if (c instanceof McpSchema.TextContent text) {
          texts.add(text.text());
        }
        content.add(json.convertValue(c, MAP));
      }
    }
    return new Result(String.join("\n", texts), content, r.structuredContent(), Boolean.TRUE.equals(r.isError()));
  }
}
