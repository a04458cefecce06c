package io.jingzhi.agent.app;

import io.jingzhi.agent.database.DbConnectionService;
import io.jingzhi.agent.mcp.McpCallFailed;
import io.jingzhi.agent.mcp.McpTools;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Whether the components an app references exist for a caller, and what can be said about them without secrets:
 * MCP servers through {@link McpTools} (their tools' names, descriptions and schemas), database connections by
 * name in the caller's tenant.
 */
@Component
public class ComponentDirectory {

  /** {@code present}, {@code missing}, or {@code unchecked} when it cannot be looked up. */
  public record Status(String kind, String name, String status) {}

  private final McpTools mcp;
  private final DbConnectionService connections;

  public ComponentDirectory(McpTools mcp, DbConnectionService connections) {
    this.mcp = mcp;
    this.connections = connections;
  }

  public Status status(Caller caller, ComponentRef ref) {
    return new Status(ref.kind(), ref.name(), switch (ref.kind()) {
      case ComponentRef.MCP_SERVER -> mcpStatus(caller, ref.name());
      case ComponentRef.DB_CONNECTION -> connectionStatus(caller, ref.name());
      default -> "unchecked";
    });
  }

  /** The descriptor written into an archive: no URL, header, password or other secret. */
  public Map<String, Object> descriptor(Caller caller, ComponentRef ref) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("kind", ref.kind());
    d.put("name", ref.name());
    d.put("used_by", ref.nodes());
    if (ComponentRef.MCP_SERVER.equals(ref.kind())) {
      d.put("tools", tools(caller, ref));
    }
    return d;
  }

  private List<Map<String, Object>> tools(Caller caller, ComponentRef ref) {
    try {
      var described = mcp.tools(caller, ref.name());
      return ref.tools().stream().map(name -> {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        described.stream().filter(x -> x.name().equals(name)).findFirst().ifPresent(x -> {
          t.put("description", x.description());
          t.put("input_schema", x.inputSchema());
        });
        return t;
      }).toList();
    } catch (ApiException | McpCallFailed e) {
      return ref.tools().stream().map(name -> Map.<String, Object>of("name", name)).toList();
    }
  }

  private String mcpStatus(Caller caller, String name) {
    try {
      mcp.tools(caller, name);
      return "present";
    } catch (ApiException e) {
      return e.status() == HttpStatus.NOT_FOUND ? "missing" : "unchecked";
    } catch (McpCallFailed e) {
      // The server is registered when only its tools could not be listed (it is down or answers wrongly).
      return "mcp.unknown_server".equals(e.code()) ? "missing" : "present";
    }
  }

  private String connectionStatus(Caller caller, String name) {
    try {
      connections.resolve(caller, name);
      return "present";
    } catch (ApiException e) {
      return e.status() == HttpStatus.NOT_FOUND ? "missing" : "unchecked";
    }
  }
}
