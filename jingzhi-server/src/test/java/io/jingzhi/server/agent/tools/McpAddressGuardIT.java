package io.jingzhi.server.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.mcp.McpCallFailed;
import io.jingzhi.agent.mcp.McpConnections;
import io.jingzhi.agent.mcp.McpSecrets;
import io.jingzhi.agent.mcp.McpServer;
import io.jingzhi.agent.mcp.McpServerRepository.Stored;
import io.jingzhi.agent.mcp.ToolEndpoint;
import io.jingzhi.agent.mcp.platform.PlatformTools;
import io.jingzhi.common.crypto.SecretBox;
import io.jingzhi.common.net.AddressGuard;
import io.jingzhi.common.net.GuardedResolver;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Streamable HTTP MCP servers behind the SSRF guard (allow-private-networks=false), against a real MCP server and
 * a fake DNS: a public-looking name the test maps to the local server is listed and called through the guarded
 * client, and a name whose answer turns to loopback after the check (DNS rebinding) is refused when the SDK
 * connects.
 */
class McpAddressGuardIT {

  private static TestMcpServer remote;
  private static final InetAddress PUBLIC_TEST = address("public.test", 127, 0, 0, 1);
  private final AtomicInteger rebindLookups = new AtomicInteger();
  private final McpConnections pool = new McpConnections(new AgentProperties(null,
      new AgentProperties.Http(Duration.ofSeconds(5), DataSize.ofMegabytes(1), false),
      new AgentProperties.Mcp(Duration.ofSeconds(5), false, List.of()), null, null, null),
      new McpSecrets(new SecretBox(new byte[32])), new PlatformTools(Clock.systemUTC()), new GuardedResolver(
          name -> switch (name) {
            case "public.test" -> new InetAddress[] {PUBLIC_TEST};
            case "rebind.test" -> new InetAddress[] {rebindLookups.getAndIncrement() == 0
                ? address("rebind.test", 203, 0, 113, 7) : address("rebind.test", 127, 0, 0, 1)};
            default -> InetAddress.getAllByName(name);
          }, address -> address != PUBLIC_TEST && AddressGuard.blocked(address)));

  @BeforeAll
  static void start() throws Exception {
    remote = TestMcpServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    remote.close();
  }

  @AfterEach
  void close() {
    pool.closeAll();
  }

  private static InetAddress address(String name, int... b) {
    try {
      return InetAddress.getByAddress(name, new byte[] {(byte) b[0], (byte) b[1], (byte) b[2], (byte) b[3]});
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Stored server(String url) {
    Instant t = Instant.parse("2026-11-28T00:00:00Z");
    return new Stored(1, "s1", "", 1L, "p", 1L, 1L, McpServer.STREAMABLE_HTTP, url, null, null, List.of(), null, 0,
        0, null, null, 1L, t, t);
  }

  @Test
  void aPublicNameIsListedAndCalledThroughTheGuardedClient() {
    ToolEndpoint endpoint = pool.endpoint(server("http://public.test:" + remote.port() + "/mcp"));
    assertThat(endpoint.listTools(Duration.ofSeconds(10))).extracting(McpSchema.Tool::name)
        .contains("echo", "add");
    McpSchema.CallToolResult result = endpoint.call("echo", Map.of("text", "你好"), Duration.ofSeconds(10));
    assertThat(result.isError()).isFalse();
    assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("你好");
  }

  @Test
  void aDnsAnswerThatTurnsPrivateAfterTheCheckIsRefusedWhenTheSdkConnects() {
    ToolEndpoint endpoint = pool.endpoint(server("http://rebind.test:" + remote.port() + "/mcp"));
    assertThat(rebindLookups.get()).as("the check when the client is built saw the public answer").isEqualTo(1);
    assertThatThrownBy(() -> endpoint.listTools(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(McpCallFailed.class, e -> {
          assertThat(e.code()).isEqualTo("mcp.forbidden_address");
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("rebind.test resolves to 127.0.0.1");
        });
    assertThat(rebindLookups.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void theMetadataAddressIsRefusedBeforeAnyClientIsBuilt() {
    assertThatThrownBy(() -> pool.endpoint(server("http://169.254.169.254/mcp")))
        .isInstanceOfSatisfying(McpCallFailed.class, e -> assertThat(e.code()).isEqualTo("mcp.forbidden_address"));
  }
}
