package io.jingzhi.agent.mcp.platform;

import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the platform's shared tools as an MCP server over Streamable HTTP at {@code /mcp/tools}, with the SDK's
 * servlet transport. The platform's security filters run first: callers present a bearer token or API key as on
 * {@code /v1}.
 */
@Configuration(proxyBeanMethods = false)
public class PlatformMcpServer {

  /** Where the server is reached. */
  public static final String PATH = "/mcp/tools";

  @Bean
  HttpServletStreamableServerTransportProvider platformMcpTransport() {
    // A plain mapper: the platform's own is snake_case, MCP messages are camelCase.
    return HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(new JacksonMcpJsonMapper(JsonMapper.builder().build())).mcpEndpoint(PATH).build();
  }

  @Bean
  ServletRegistrationBean<HttpServletStreamableServerTransportProvider> platformMcpServlet(
      HttpServletStreamableServerTransportProvider transport) {
    var registration = new ServletRegistrationBean<>(transport, PATH);
    registration.setName("platformMcpTools");
    registration.setAsyncSupported(true);
    return registration;
  }

  @Bean(destroyMethod = "close")
  McpSyncServer platformMcpSyncServer(HttpServletStreamableServerTransportProvider transport, PlatformTools tools) {
    return McpServer.sync(transport).serverInfo(PlatformTools.SERVER_NAME, "1.0")
        .instructions("京智平台共享工具 / Jingzhi shared tools: current time, workdays, ID number check, calculator")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(tools.specifications()).build();
  }
}
