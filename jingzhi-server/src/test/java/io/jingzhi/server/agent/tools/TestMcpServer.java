package io.jingzhi.server.agent.tools;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real MCP server for tests: the SDK's Streamable HTTP servlet transport in an embedded Tomcat on a random port,
 * with a few tools (one with a deliberately broken schema). It remembers the last {@code Authorization} header it
 * was sent, so tests can see that registry headers travel.
 */
public final class TestMcpServer implements AutoCloseable {

  public final AtomicReference<String> lastAuthorization;
  private final Tomcat tomcat;
  private final McpSyncServer server;
  private final int port;

  private TestMcpServer(AtomicReference<String> auth, Tomcat tomcat, McpSyncServer server, int port) {
    this.lastAuthorization = auth;
    this.tomcat = tomcat;
    this.server = server;
    this.port = port;
  }

  public static TestMcpServer start() throws Exception {
    AtomicReference<String> auth = new AtomicReference<>();
    var transport = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(new JacksonMcpJsonMapper(JsonMapper.builder().build())).mcpEndpoint("/mcp")
        .contextExtractor(request -> {
          String header = request.getHeader("Authorization");
          if (header != null) {
            auth.set(header);
          }
          return McpTransportContext.create(Map.of());
        }).build();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("mcp-tomcat").toString());
    tomcat.setPort(0);
    Context context = tomcat.addContext("", null);
    var wrapper = Tomcat.addServlet(context, "mcp", transport);
    wrapper.setAsyncSupported(true);
    context.addServletMappingDecoded("/mcp", "mcp");
    tomcat.getConnector();
    tomcat.start();
    McpSyncServer server = McpServer.sync(transport).serverInfo("test-mcp", "1.0").strictToolNameValidation(false)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
        .tools(tools()).build();
    return new TestMcpServer(auth, tomcat, server, tomcat.getConnector().getLocalPort());
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/mcp";
  }

  public int port() {
    return port;
  }

  /** Adds a tool at run time, so the next refresh sees a changed list. */
  public void addTool(String name) {
    server.addTool(text(name, "动态工具 " + name, Map.of("type", "object", "properties", Map.of()), List.of(),
        args -> ok("added " + name, null)));
  }

  static List<SyncToolSpecification> tools() {
    return List.of(
        text("echo", "原样返回文本 Echoes the text", Map.of("type", "object", "properties",
            Map.of("text", Map.of("type", "string"))), List.of("text"),
            args -> ok(String.valueOf(args.get("text")), null)),
        text("add", "两数相加 Adds two numbers", Map.of("type", "object", "properties",
            Map.of("a", Map.of("type", "number"), "b", Map.of("type", "number"))), List.of("a", "b"),
            args -> {
              double sum = ((Number) args.get("a")).doubleValue() + ((Number) args.get("b")).doubleValue();
              return ok("sum " + sum, Map.of("sum", sum));
            }),
        text("fail", "总是报错 Always fails", Map.of("type", "object", "properties", Map.of()), List.of(),
            args -> CallToolResult.builder().addTextContent("the tool broke on purpose").isError(true).build()),
        text("bad tool", "", Map.of("type", "array"), List.of("missing"), args -> ok("never", null)));
  }

  private static SyncToolSpecification text(String name, String description, Map<String, Object> schema,
      List<String> required, java.util.function.Function<Map<String, Object>, CallToolResult> handler) {
    var full = new java.util.LinkedHashMap<>(schema);
    if (!required.isEmpty()) {
      full.put("required", required);
    }
    return SyncToolSpecification.builder()
        .tool(McpSchema.Tool.builder().name(name).description(description).inputSchema(full).build())
        .callHandler((exchange, request) -> handler.apply(request.arguments())).build();
  }

  private static CallToolResult ok(String text, Object structured) {
    var builder = CallToolResult.builder().addTextContent(text).isError(false);
    return structured == null ? builder.build() : builder.structuredContent(structured).build();
  }

  @Override
  public void close() throws Exception {
    server.closeGracefully();
    tomcat.stop();
    tomcat.destroy();
  }
}
