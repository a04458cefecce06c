package io.jingzhi.agent.mcp;

import io.jingzhi.agent.component.ComponentItem;
import io.jingzhi.agent.component.ComponentSource;
import io.jingzhi.iam.api.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The tools of the MCP servers the caller may use (their stored current versions), for the component catalog. */
@Component
class McpToolComponents implements ComponentSource {

  private final McpServerRepository repository;
  private final ToolCatalog catalog;

  McpToolComponents(McpServerRepository repository, ToolCatalog catalog) {
    this.repository = repository;
    this.catalog = catalog;
  }

  @Override
  public List<ComponentItem> components(Caller caller) {
    List<ComponentItem> items = new ArrayList<>();
    for (var server : repository.visible(caller.platformScope() ? null : caller.tenantId())) {
      for (McpToolInfo tool : catalog.current(server)) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("server", server.name());
        attributes.put("server_id", server.id());
        attributes.put("tool", tool.name());
        attributes.put("node_type", "mcp");
        attributes.put("input_schema", tool.inputSchema() == null ? Map.of() : tool.inputSchema());
        items.add(new ComponentItem("mcp_tool", server.name() + "/" + tool.name(),
            tool.title() == null ? tool.name() : tool.title(), tool.name(), "tool", tool.description(),
            tool.description(), List.of("MCP", server.name()), attributes));
      }
    }
    return items;
  }
}
