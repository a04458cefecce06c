package io.jingzhi.agent.mcp;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.common.net.GuardedHttpClient;
import io.jingzhi.common.net.GuardedResolver;
import io.jingzhi.agent.mcp.McpServerRepository.Stored;
import io.jingzhi.agent.mcp.platform.PlatformTools;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pool of connected MCP servers: one client per server, reused by every call, rebuilt when the server's
 * settings change (a new {@code updated_at}) or its connection broke, closed when the server is changed or
 * deleted and when the application stops. Streamable HTTP servers obey
 * {@code jingzhi.agent.http.allow-private-networks} like the HTTP node: the URL's host is checked when the client
 * is built, and every connection the SDK opens goes through one shared {@link GuardedHttpClient}, whose
 * {@link GuardedResolver} judges the addresses actually connected to (a DNS answer that turns private later, DNS
 * rebinding, is refused as {@code mcp.forbidden_address}).
 */
@Component
public class McpConnections {

  /** The environment a stdio server inherits from the platform: nothing secret (no keys, no passwords). */
  private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ",
      "JAVA_HOME", "SYSTEMROOT");

  private final AgentProperties properties;
  private final McpSecrets secrets;
  private final PlatformTools platformTools;
  private final McpJsonMapper mcpJson = new JacksonMcpJsonMapper(JsonMapper.builder().build());
  private final Map<Long, Pooled> pool = new ConcurrentHashMap<>();
  private final GuardedResolver resolver;
  private final HttpClient http;

  @Autowired
  public McpConnections(AgentProperties properties, McpSecrets secrets, PlatformTools platformTools) {
    this(properties, secrets, platformTools,
        properties.http().allowPrivateNetworks() ? GuardedResolver.open() : GuardedResolver.system());
  }

  /** A pool whose HTTP servers are reached through {@code resolver} (tests give a fake DNS). */
  public McpConnections(AgentProperties properties, McpSecrets secrets, PlatformTools platformTools,
      GuardedResolver resolver) {
    this.properties = properties;
    this.secrets = secrets;
    this.platformTools = platformTools;
    this.resolver = resolver;
    this.http = GuardedHttpClient.newBuilder(resolver).connectTimeout(properties.mcp().requestTimeout()).build();
  }

  private record Pooled(Object fingerprint, ToolEndpoint endpoint) {}

  /** The connected endpoint of a server, built (or rebuilt) when needed. */
  public ToolEndpoint endpoint(Stored server) {
    Object fingerprint = Objects.hash(server.updatedAt(), server.transport(), server.url(), server.command());
    Pooled pooled = pool.compute(server.id(), (id, current) -> {
      if (current != null && current.fingerprint().equals(fingerprint) && !isBroken(current.endpoint())) {
        return current;
      }
      if (current != null) {
        current.endpoint().close();
      }
      return new Pooled(fingerprint, open(server));
    });
    return pooled.endpoint();
  }

  /** Closes the server's client, if any (the server changed or is gone). */
  public void evict(long serverId) {
    Pooled pooled = pool.remove(serverId);
    if (pooled != null) {
      pooled.endpoint().close();
    }
  }

  /** How many clients are open (for tests and metrics). */
  public int size() {
    return pool.size();
  }

  /** Closes every client and the shared HTTP connection pool (the application stops). */
  @PreDestroy
  public void closeAll() {
    pool.keySet().forEach(this::evict);
    http.close();
  }

  private static boolean isBroken(ToolEndpoint endpoint) {
    return endpoint instanceof SdkEndpoint sdk && sdk.broken();
  }

  private ToolEndpoint open(Stored server) {
    Duration timeout = properties.mcp().requestTimeout();
    return switch (server.transport()) {
      case McpServer.BUILTIN -> platformTools;
      case McpServer.STREAMABLE_HTTP, McpServer.STDIO -> new SdkEndpoint(McpClient.async(transport(server))
          .requestTimeout(timeout).initializationTimeout(timeout)
          .clientInfo(new McpSchema.Implementation("jingzhi-agent", "1.0"))
          .build(), timeout);
      default -> throw new McpCallFailed("mcp.unknown_transport", "unknown transport " + server.transport(), false);
    };
  }

  private McpClientTransport transport(Stored server) {
    if (McpServer.STDIO.equals(server.transport())) {
      if (!properties.mcp().stdioAllowed()) {
        throw new McpCallFailed("mcp.stdio_disabled", "stdio MCP servers are disabled on this platform"
            + " (jingzhi.agent.mcp.stdio-allowed)", false);
      }
      var params = ServerParameters.builder(server.command()).args(server.args())
          .env(secrets.open(server.sealedEnv())).build();
      return new IsolatedStdioTransport(params, mcpJson);
    }
    URI uri = URI.create(server.url());
    // The same rule as the HTTP node: a tenant's server may not point into the platform's own network. This is
    // the early, clear answer; the shared client judges the addresses it connects to again.
    String refusal = resolver.refusal(uri.getHost());
    if (refusal != null) {
      throw new McpCallFailed("mcp.forbidden_address", "refused " + server.url() + ": " + refusal, false);
    }
    String base = uri.getScheme() + "://" + uri.getRawAuthority();
    String endpoint = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    Map<String, String> headers = secrets.open(server.sealedHeaders());
    return HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint).jsonMapper(mcpJson)
        .clientBuilder(GuardedHttpClient.sharing(http))
        .httpRequestCustomizer((request, method, target, body, context) -> headers.forEach(request::setHeader))
        .build();
  }

  /** The SDK's stdio transport, but the process gets a clean environment instead of the platform's. */
  private static final class IsolatedStdioTransport extends StdioClientTransport {

    IsolatedStdioTransport(ServerParameters params, McpJsonMapper json) {
      super(params, json);
    }

    @Override
    protected ProcessBuilder getProcessBuilder() {
      ProcessBuilder builder = new ProcessBuilder();
      Map<String, String> env = builder.environment();
      Map<String, String> inherited = Map.copyOf(env);
      env.clear();
      INHERITED_ENV.forEach(name -> {
        if (inherited.containsKey(name)) {
          env.put(name, inherited.get(name));
        }
      });
      return builder;
    }
  }
}
