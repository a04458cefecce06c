package io.jingzhi.agent.mcp;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.mcp.McpServerRepository.Stored;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.ProjectDirectory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who may see, use and change an MCP server. A project's server is visible to its tenant (another tenant gets 404,
 * as if it did not exist); the platform's global server to everybody. Changing a server needs {@code agent:write}
 * and ownership like a knowledge base: the owning project's org or one above it up to the tenant, or a platform
 * administrator. The global server is the platform's and changes with it only.
 */
@Component
public class McpServerAccess {

  private final McpServerRepository repository;
  private final ProjectDirectory directory;

  public McpServerAccess(McpServerRepository repository, ProjectDirectory directory) {
    this.repository = repository;
    this.directory = directory;
  }

  /** The server, when the caller may read it ({@code agent:read}). */
  public Stored readable(Caller caller, long id) {
    caller.require(Permissions.AGENT_READ);
    Stored server = repository.find(id).orElseThrow(() -> notFound(id));
    if (!visible(caller, server)) {
      throw notFound(id);
    }
    return server;
  }

  /** The server, when the caller may change it. */
  public Stored writable(Caller caller, long id) {
    caller.require(Permissions.AGENT_WRITE);
    Stored server = readable(caller, id);
    if (server.global()) {
      throw new AgentException(HttpStatus.FORBIDDEN, "mcp_server.builtin",
          "The platform's own server " + server.name() + " cannot be changed");
    }
    if (!owns(caller, server.tenantId(), server.orgId())) {
      throw new AgentException(HttpStatus.FORBIDDEN, "mcp_server.read_only",
          "MCP server " + server.name() + " belongs to another office's project; you may use it, not change it");
    }
    return server;
  }

  /** The server a run names (id or name), when the run's caller may use it; the tenant's own name wins. */
  public Stored usable(Caller caller, String nameOrId) {
    String ref = nameOrId == null ? "" : nameOrId.strip();
    Stored server = null;
    if (!ref.isEmpty() && ref.chars().allMatch(Character::isDigit) && ref.length() < 18) {
      server = repository.find(Long.parseLong(ref)).filter(s -> visible(caller, s)).orElse(null);
    }
    if (server == null && !ref.isEmpty()) {
      server = repository.byName(ref, caller.tenantId()).stream().filter(s -> visible(caller, s)).findFirst()
          .orElse(null);
    }
    if (server == null) {
      throw new McpCallFailed("mcp.unknown_server", "no MCP server '" + ref + "' is available to this app", false);
    }
    return server;
  }

  public boolean visible(Caller caller, Stored server) {
    return server.global() || caller.canSeeTenant(server.tenantId());
  }

  /** Platform administrators, the tenant's top org, the owning org and its sub-orgs. */
  public boolean owns(Caller caller, Long tenantId, Long orgId) {
    if (caller.platformScope()) {
      return true;
    }
    if (tenantId == null || caller.tenantId() != tenantId) {
      return false;
    }
    return caller.orgId() == tenantId || (orgId != null && directory.within(caller.orgId(), orgId));
  }

  public static ApiException notFound(Object id) {
    return ApiException.notFound("mcp_server", id);
  }
}
