package io.jingzhi.agent.mcp;

import io.jingzhi.iam.api.Caller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Calls tools of the registered MCP servers (Streamable HTTP or stdio) with the official MCP Java SDK; used by the
 * MCP node and by the agent node's tool calling.
 *
 * <p>Contract skeleton: the MCP work of issue #6 fills it in.
 */
@Service
public class McpTools {

  /** A tool as its server describes it. */
  public record Tool(String server, String name, String description, JsonNode inputSchema) {}

  /**
   * The result of one call: {@code text} joins the text contents; {@code structured} is the structured content
   * when the server gave one; {@code error} is the tool's own error flag.
   */
  public record Result(String text, List<Map<String, Object>> content, Object structured, boolean error) {}

  /** The tools of a server the caller may use ({@code server} is its name or id). */
  public List<Tool> tools(Caller caller, String server) {
    throw new UnsupportedOperationException("MCP not built yet");
  }

  /** Calls one tool. */
  public Result call(Caller caller, String server, String tool, Map<String, Object> arguments, Duration timeout) {
    throw new UnsupportedOperationException("MCP not built yet");
  }
}
