package io.jingzhi.agent.mcp;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered MCP server as the API shows it. Secret header and environment values are masked
 * ({@link McpSecrets#MASK}); the stored values are sealed with {@code SecretBox}.
 *
 * @param tenantId null for the platform's own shared server, usable by every tenant
 * @param transport {@code streamable_http}, {@code stdio} or {@code builtin} (the platform's own tools, called
 *     in process)
 * @param currentVersion the latest tool list version; 0 before the first refresh
 */
public record McpServer(long id, String name, String description, Long projectId, String projectCode, Long orgId,
    Long tenantId, String transport, String url, Map<String, String> headers, String command, List<String> args,
    Map<String, String> env, int currentVersion, int toolCount, Instant refreshedAt, String lastError,
    Long createdBy, Instant createdAt, Instant updatedAt) {

  public static final String STREAMABLE_HTTP = "streamable_http";
  public static final String STDIO = "stdio";
  public static final String BUILTIN = "builtin";

  /** Global servers (no tenant) are the platform's and usable by everyone. */
  public boolean global() {
    return tenantId == null;
  }
}
