package io.jingzhi.agent.mcp;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.mcp.McpServerRepository.Stored;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** The tools of registered servers: refresh (with versions), listing with static findings, and debug calls. */
@Service
public class McpToolService {

  private final McpServerAccess access;
  private final McpServerRepository repository;
  private final ToolCatalog catalog;
  private final McpTools tools;
  private final AgentProperties properties;
  private final AuditLog audit;

  public McpToolService(McpServerAccess access, McpServerRepository repository, ToolCatalog catalog,
      McpTools tools, AgentProperties properties, AuditLog audit) {
    this.access = access;
    this.repository = repository;
    this.catalog = catalog;
    this.tools = tools;
    this.properties = properties;
    this.audit = audit;
  }

  /** The answer of a refresh. */
  public record RefreshResult(boolean changed, int version, List<McpToolInfo> tools) {}

  /** One stored version of the tool list. */
  public record VersionView(int version, int toolCount, String digest, List<String> toolNames, Long createdBy,
      Instant createdAt) {}

  /** The answer of a debug call. */
  public record DebugResult(String tool, McpTools.Result result, long elapsedMs) {}

  public RefreshResult refresh(Caller caller, long id) {
    Stored server = access.readable(caller, id);
    caller.require(Permissions.AGENT_WRITE);
    if (!server.global()) {
      server = access.writable(caller, id);
    }
    try {
      ToolCatalog.Refresh r = catalog.refresh(server, caller.userId());
      audit.record(AuditRecord.success(caller, "mcp_server.refresh", "mcp_server", id, server.name(),
          "version " + server.currentVersion(), "version " + r.version() + (r.changed() ? " (new)" : " (same)")));
      return new RefreshResult(r.changed(), r.version(), r.tools());
    } catch (McpCallFailed e) {
      throw upstream(e);
    }
  }

  public List<McpToolInfo> tools(Caller caller, long id) {
    return catalog.lint(catalog.current(access.readable(caller, id)));
  }

  public List<VersionView> versions(Caller caller, long id) {
    Stored server = access.readable(caller, id);
    return repository.versions(server.id()).stream().map(v -> new VersionView(v.version(), v.toolCount(),
        v.digest(), catalog.tools(v).stream().map(McpToolInfo::name).toList(), v.createdBy(), v.createdAt()))
        .toList();
  }

  /** Calls one tool as the caller would from a workflow: arguments checked against its schema first. */
  public DebugResult debug(Caller caller, long id, String tool, Map<String, Object> arguments) {
    caller.require(Permissions.AGENT_WRITE);
    Stored server = access.readable(caller, id);
    long started = System.nanoTime();
    try {
      McpTools.Result result = tools.call(caller, String.valueOf(server.id()), tool,
          arguments == null ? Map.of() : arguments, properties.mcp().requestTimeout());
      long elapsed = (System.nanoTime() - started) / 1_000_000;
      audit.record(AuditRecord.success(caller, "mcp_server.debug", "mcp_server", id, server.name(), null,
          tool + (result.error() ? " (tool error)" : "")));
      return new DebugResult(tool, result, elapsed);
    } catch (McpCallFailed e) {
      throw switch (e.code()) {
        case "mcp.invalid_arguments" -> ApiException.invalid("arguments", e.getMessage());
        case "mcp.unknown_tool" -> ApiException.notFound("mcp_tool", tool);
        default -> upstream(e);
      };
    }
  }

  private static ApiException upstream(McpCallFailed e) {
    HttpStatus status = switch (e.code()) {
      case "mcp.timeout" -> HttpStatus.GATEWAY_TIMEOUT;
      case "mcp.stdio_disabled", "mcp.forbidden_address" -> HttpStatus.FORBIDDEN;
      default -> HttpStatus.BAD_GATEWAY;
    };
    return new AgentException(status, e.code(), e.getMessage());
  }
}
