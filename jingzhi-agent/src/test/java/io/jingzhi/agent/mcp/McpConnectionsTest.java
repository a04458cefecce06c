package io.jingzhi.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.mcp.McpServerRepository.Stored;
import io.jingzhi.agent.mcp.platform.PlatformTools;
import io.jingzhi.common.crypto.SecretBox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class McpConnectionsTest {

  private static AgentProperties properties(boolean allowPrivate, boolean stdio) {
    return new AgentProperties(null, new AgentProperties.Http(Duration.ofSeconds(5), DataSize.ofMegabytes(1),
        allowPrivate), new AgentProperties.Mcp(Duration.ofSeconds(5), stdio, List.of("java")), null, null, null);
  }

  private static McpConnections connections(boolean allowPrivate, boolean stdio) {
    return new McpConnections(properties(allowPrivate, stdio), new McpSecrets(new SecretBox(new byte[32])),
        new PlatformTools(Clock.systemUTC()));
  }

  private static Stored server(long id, String transport, String url, Instant updated) {
    return new Stored(id, "s" + id, "", 1L, "p", 1L, 1L, transport, url, null, "java", List.of(), null, 0, 0, null,
        null, 1L, updated, updated);
  }

  @Test
  void oneClientPerServerUntilItChangesOrIsEvicted() {
    var pool = connections(true, true);
    Instant t0 = Instant.parse("2026-11-28T00:00:00Z");
    ToolEndpoint first = pool.endpoint(server(1, McpServer.STREAMABLE_HTTP, "http://127.0.0.1:9/mcp", t0));
    assertThat(pool.endpoint(server(1, McpServer.STREAMABLE_HTTP, "http://127.0.0.1:9/mcp", t0))).isSameAs(first);
    ToolEndpoint changed = pool.endpoint(server(1, McpServer.STREAMABLE_HTTP, "http://127.0.0.1:9/mcp",
        t0.plusSeconds(1)));
    assertThat(changed).isNotSameAs(first);
    pool.endpoint(server(2, McpServer.BUILTIN, "/mcp/tools", t0));
    assertThat(pool.size()).isEqualTo(2);
    pool.evict(1);
    assertThat(pool.size()).isEqualTo(1);
    assertThat(pool.endpoint(server(1, McpServer.STREAMABLE_HTTP, "http://127.0.0.1:9/mcp", t0.plusSeconds(1))))
        .isNotSameAs(changed);
    pool.closeAll();
    assertThat(pool.size()).isZero();
  }

  @Test
  void privateAddressesAreRefusedWhenTheHttpNodeWouldRefuseThem() {
    var strict = connections(false, true);
    assertThatThrownBy(() -> strict.endpoint(server(1, McpServer.STREAMABLE_HTTP, "http://169.254.169.254/mcp",
        Instant.EPOCH))).isInstanceOfSatisfying(McpCallFailed.class, e -> {
          assertThat(e.code()).isEqualTo("mcp.forbidden_address");
          assertThat(e.retryable()).isFalse();
        });
    assertThat(strict.size()).isZero();
  }

  @Test
  void stdioServersNeedTheSwitch() {
    var noStdio = connections(true, false);
    assertThatThrownBy(() -> noStdio.endpoint(server(1, McpServer.STDIO, null, Instant.EPOCH)))
        .isInstanceOfSatisfying(McpCallFailed.class, e -> assertThat(e.code()).isEqualTo("mcp.stdio_disabled"));
  }
}
