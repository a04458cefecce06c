package io.jingzhi.agent.mcp;

import io.jingzhi.common.net.AddressRefusedException;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;

/**
 * A remote MCP server reached through the SDK's client. Initialised lazily on first use (so registering a server
 * that is down still works); a transport failure marks the endpoint broken so the pool builds a new one.
 */
final class SdkEndpoint implements ToolEndpoint {

  private static final Logger log = LoggerFactory.getLogger(SdkEndpoint.class);
  private static final int MAX_PAGES = 50;

  private final McpAsyncClient client;
  private final Duration initTimeout;
  private volatile boolean initialized;
  private volatile boolean broken;

  SdkEndpoint(McpAsyncClient client, Duration initTimeout) {
    this.client = client;
    this.initTimeout = initTimeout;
  }

  boolean broken() {
    return broken;
  }

  @Override
  public List<McpSchema.Tool> listTools(Duration timeout) {
    ensureInitialized();
    List<McpSchema.Tool> tools = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      McpSchema.ListToolsResult result = await(cursor == null ? client.listTools() : client.listTools(cursor),
          timeout, "list the tools");
      if (result.tools() != null) {
        tools.addAll(result.tools());
      }
      cursor = result.nextCursor();
      if (cursor == null || cursor.isEmpty()) {
        break;
      }
    }
    return tools;
  }

  @Override
  public McpSchema.CallToolResult call(String tool, Map<String, Object> arguments, Duration timeout) {
    ensureInitialized();
    return await(client.callTool(new McpSchema.CallToolRequest(tool, arguments)), timeout, "call " + tool);
  }

  private void ensureInitialized() {
    if (!initialized) {
      synchronized (this) {
        if (!initialized) {
          await(client.initialize(), initTimeout, "connect");
          initialized = true;
        }
      }
    }
  }

  private <T> T await(reactor.core.publisher.Mono<T> mono, Duration timeout, String what) {
    try {
      T value = mono.timeout(timeout).block();
      if (value == null) {
        throw new McpCallFailed("mcp.protocol_error", "the server gave no answer to " + what, true);
      }
      return value;
    } catch (McpCallFailed e) {
      throw e;
    } catch (RuntimeException e) {
      AddressRefusedException refused = refused(e);
      if (refused != null) {
        broken = true;
        throw new McpCallFailed("mcp.forbidden_address", "refused when connecting: " + refused.getMessage(), false,
            refused);
      }
      throw failure(e, timeout, what);
    }
  }

  /** The SSRF guard's refusal of the connection's address (GuardedResolver), wherever the SDK wrapped it. */
  private static AddressRefusedException refused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AddressRefusedException refused) {
        return refused;
      }
    }
    return null;
  }

  private McpCallFailed failure(RuntimeException e, Duration timeout, String what) {
    Throwable cause = Exceptions.unwrap(e);
    if (cause instanceof McpError mcp) {
      // The server answered with a JSON-RPC error: the connection works, the request was refused.
      return new McpCallFailed("mcp.protocol_error", "the server refused to " + what + ": " + mcp.getMessage(),
          false, mcp);
    }
    broken = true;
    if (cause instanceof TimeoutException) {
      return new McpCallFailed("mcp.timeout", "the server did not " + what + " within " + timeout.toMillis()
          + " ms", true, cause);
    }
    return new McpCallFailed("mcp.transport", "cannot " + what + ": " + McpError.aggregateExceptionMessages(cause),
        true, cause);
  }

  @Override
  public void close() {
    try {
      client.closeGracefully().timeout(Duration.ofSeconds(5)).block();
    } catch (RuntimeException e) {
      log.debug("closing an MCP client: {}", e.getMessage());
      client.close();
    }
  }
}
