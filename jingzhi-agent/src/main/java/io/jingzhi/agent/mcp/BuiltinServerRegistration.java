package io.jingzhi.agent.mcp;

import io.jingzhi.agent.mcp.McpServerRepository.Row;
import io.jingzhi.agent.mcp.platform.PlatformMcpServer;
import io.jingzhi.agent.mcp.platform.PlatformTools;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the global registry entry {@code jingzhi-tools} (the platform's own tools, usable by every tenant) in place
 * and its tool list current at every start, so workflows can name it like any other server.
 */
@Component
class BuiltinServerRegistration {

  private static final Logger log = LoggerFactory.getLogger(BuiltinServerRegistration.class);

  private final McpServerRepository repository;
  private final ToolCatalog catalog;
  private final Clock clock;

  BuiltinServerRegistration(McpServerRepository repository, ToolCatalog catalog, Clock clock) {
    this.repository = repository;
    this.catalog = catalog;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void register() {
    long id = repository.ensureBuiltin(PlatformTools.SERVER_NAME, new Row(PlatformTools.SERVER_NAME,
        "京智平台共享工具：当前时间、工作日计算、身份证号校验、计算器。 The platform's shared tools (also served over"
            + " MCP at " + PlatformMcpServer.PATH + ").",
        null, null, null, McpServer.BUILTIN, PlatformMcpServer.PATH, null, null, List.of(), null), clock.instant());
    var refresh = catalog.refresh(repository.find(id).orElseThrow(), null);
    log.info("MCP server {}: {} tools, version {}", PlatformTools.SERVER_NAME, refresh.tools().size(),
        refresh.version());
  }
}
