package io.jingzhi.agent.mcp;

/**
 * A call to an MCP server that did not produce a tool result: {@code code} is stable ({@code mcp.transport},
 * {@code mcp.timeout}, {@code mcp.protocol_error}, {@code mcp.unknown_tool}, {@code mcp.invalid_arguments},
 * {@code mcp.unknown_server}) and {@code retryable} tells whether another attempt may help (a server that could
 * not be reached may be back; a refused argument will not change).
 */
public class McpCallFailed extends RuntimeException {

  private final String code;
  private final boolean retryable;

  public McpCallFailed(String code, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryable = retryable;
  }

  public McpCallFailed(String code, String message, boolean retryable) {
    this(code, message, retryable, null);
  }

  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }
}
