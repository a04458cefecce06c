package io.jingzhi.agent.mcp;

import io.jingzhi.agent.AgentCallers;
import io.jingzhi.iam.api.Audited;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The MCP server registry ({@code /api/v1/mcp-servers}): work of signed-in users, not of API keys. */
@RestController
@RequestMapping("/api/v1/mcp-servers")
public class McpServerController {

  private final McpServerService servers;
  private final McpToolService tools;

  public McpServerController(McpServerService servers, McpToolService tools) {
    this.servers = servers;
    this.tools = tools;
  }

  /** The body of a debug call. */
  public record DebugRequest(Map<String, Object> arguments) {}

  @GetMapping
  public List<McpServer> list(@RequestParam(required = false) String q) {
    return servers.list(AgentCallers.user(), q);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "mcp_server.create", target = "mcp_server")
  public McpServer create(@RequestBody McpServerInput input) {
    return servers.create(AgentCallers.user(), input);
  }

  @GetMapping("/{id}")
  public McpServer get(@PathVariable long id) {
    return servers.get(AgentCallers.user(), id);
  }

  @PatchMapping("/{id}")
  @Audited(value = "mcp_server.update", target = "mcp_server")
  public McpServer update(@PathVariable long id, @RequestBody McpServerInput input) {
    return servers.update(AgentCallers.user(), id, input);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "mcp_server.delete", target = "mcp_server")
  public void delete(@PathVariable long id) {
    servers.delete(AgentCallers.user(), id);
  }

  @PostMapping("/{id}/refresh")
  @Audited(value = "mcp_server.refresh", target = "mcp_server")
  public McpToolService.RefreshResult refresh(@PathVariable long id) {
    return tools.refresh(AgentCallers.user(), id);
  }

  @GetMapping("/{id}/tools")
  public List<McpToolInfo> tools(@PathVariable long id) {
    return tools.tools(AgentCallers.user(), id);
  }

  @GetMapping("/{id}/versions")
  public List<McpToolService.VersionView> versions(@PathVariable long id) {
    return tools.versions(AgentCallers.user(), id);
  }

  @PostMapping("/{id}/tools/{tool}/debug")
  @Audited(value = "mcp_server.debug", target = "mcp_server")
  public McpToolService.DebugResult debug(@PathVariable long id, @PathVariable String tool,
      @RequestBody(required = false) DebugRequest request) {
    return tools.debug(AgentCallers.user(), id, tool, request == null ? null : request.arguments());
  }
}
