package io.jingzhi.agent.mcp;

import java.util.List;
import java.util.Map;

/**
 * A new server, or the changes to one (absent fields keep their value). A header or environment value equal to
 * {@link McpSecrets#MASK} keeps the stored value, so a client can send back what it read.
 */
public record McpServerInput(String name, String project, String description, String transport, String url,
    Map<String, String> headers, String command, List<String> args, Map<String, String> env) {}
