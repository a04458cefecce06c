package io.jingzhi.server.agent.tools;

import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.json.JsonMapper;

/**
 * An MCP server over stdio, launched by tests as a child process ({@code java -cp <test classpath> ...}). Its
 * stdout carries the protocol only: everything else printed goes to stderr.
 */
public final class StdioMcpServerMain {

  private StdioMcpServerMain() {}

  /** Answers an environment variable of this process (tests check what a stdio server inherits). */
  private static McpServerFeatures.SyncToolSpecification getenv() {
    return McpServerFeatures.SyncToolSpecification.builder()
        .tool(McpSchema.Tool.builder().name("getenv").description("读取环境变量 Reads an environment variable")
            .inputSchema(java.util.Map.of("type", "object", "properties", java.util.Map.of("name",
                java.util.Map.of("type", "string")), "required", java.util.List.of("name"))).build())
        .callHandler((exchange, request) -> {
          String value = System.getenv(String.valueOf(request.arguments().get("name")));
          return McpSchema.CallToolResult.builder().addTextContent(value == null ? "<unset>" : value).build();
        }).build();
  }

  public static void main(String[] args) throws InterruptedException {
    PrintStream protocol = System.out;
    System.setOut(System.err);
    var transport = new StdioServerTransportProvider(new JacksonMcpJsonMapper(JsonMapper.builder().build()),
        System.in, protocol);
    McpServer.sync(transport).serverInfo("stdio-test", "1.0").strictToolNameValidation(false)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(TestMcpServer.tools()).tools(getenv()).build();
    String marker = System.getenv("STDIO_MARKER");
    System.err.println("stdio test server up, marker " + marker);
    new CountDownLatch(1).await();
  }
}
