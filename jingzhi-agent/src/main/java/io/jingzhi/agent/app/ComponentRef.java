package io.jingzhi.agent.app;

import java.util.List;

/**
 * A component a definition depends on but does not contain: an MCP server ({@code mcp_server}) or a database
 * connection ({@code db_connection}), named as the nodes name it.
 *
 * @param nodes ids of the nodes that use it
 * @param tools for an MCP server, the tools the nodes call
 */
public record ComponentRef(String kind, String name, List<String> nodes, List<String> tools) {

  public static final String MCP_SERVER = "mcp_server";
  public static final String DB_CONNECTION = "db_connection";

  /** The file of its descriptor inside an archive. */
  public String entryName() {
    return "components/" + kind + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
  }
}
