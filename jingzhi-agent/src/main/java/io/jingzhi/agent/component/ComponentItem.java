package io.jingzhi.agent.component;

import java.util.List;
import java.util.Map;

/**
 * One entry of the component catalog: something a workflow can use.
 *
 * @param kind {@code node_type}, {@code mcp_tool}, {@code db_connection} or {@code app}
 * @param key unique within the kind: the node type, {@code <server>/<tool>}, the connection or app id
 * @param category the group the canvas shows it under ({@code control}, {@code model}, {@code tool},
 *     {@code data}, {@code code}, {@code app})
 * @param attributes what a node needs to use it (the MCP server and tool, the input schema, the connection kind)
 */
public record ComponentItem(String kind, String key, String name, String nameEn, String category,
    String description, String descriptionEn, List<String> tags, Map<String, Object> attributes) {

  public ComponentItem {
    tags = tags == null ? List.of() : List.copyOf(tags);
    attributes = attributes == null ? Map.of() : attributes;
    description = description == null ? "" : description;
    descriptionEn = descriptionEn == null ? "" : descriptionEn;
  }
}
