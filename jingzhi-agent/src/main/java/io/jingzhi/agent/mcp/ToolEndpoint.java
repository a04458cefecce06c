package io.jingzhi.agent.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One connected MCP server: a client of the SDK over Streamable HTTP or stdio, or the platform's own tools called
 * in process. Thread-safe; pooled by {@link McpConnections} until the server changes or is deleted.
 */
public interface ToolEndpoint extends AutoCloseable {

  /** Every tool the server lists (all pages). */
  List<McpSchema.Tool> listTools(Duration timeout);

  /** Calls a tool; a tool's own failure is a result with {@code isError}, anything else {@link McpCallFailed}. */
  McpSchema.CallToolResult call(String tool, Map<String, Object> arguments, Duration timeout);

  @Override
  void close();
}
