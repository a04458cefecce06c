package io.jingzhi.server.agent.tools;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.mcp.McpNodeExecutor;
import io.jingzhi.agent.testing.FakeNodeContext;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code mcp} node run with the Spring context's executor (a context built by the test stands in for the
 * engine), the platform's own MCP server at {@code /mcp/tools} called with the SDK's client, its global registry
 * entry, and the component catalog.
 */
class McpNodeAndPlatformToolsIT extends ServerIT {

  static TestMcpServer remote;

  @Autowired
  McpNodeExecutor mcpNode;

  record World(Tenant a, Tenant b, String aDev, String bDev, String aProject, String serverName, String aKey) {}

  private static World shared;
  private static int sharedPort;
  private World w;

  @BeforeAll
  static void startRemote() throws Exception {
    remote = TestMcpServer.start();
  }

  @AfterAll
  static void stopRemote() throws Exception {
    remote.close();
  }

  @BeforeEach
  void world() {
    if (shared == null || sharedPort != port) {
      Tenant a = fx.tenant("node-a");
      Tenant b = fx.tenant("node-b");
      String aAdmin = fx.login(a.adminName());
      String aDev = fx.login(a.devName());
      String aProject = unique("node-proj");
      long projectId = api.post("/api/v1/projects", aAdmin, map("code", aProject, "name", "甲项目", "org_id",
          a.orgId())).id();
      long app = api.post("/api/v1/projects/" + projectId + "/apps", aDev, map("code", unique("node-app"),
          "name", "甲应用")).id();
      String key = api.post("/api/v1/projects/" + projectId + "/apps/" + app + "/keys", aDev, map("name", "k"))
          .text("key");
      String name = unique("remote");
      var created = api.post("/api/v1/mcp-servers", aDev, map("name", name, "project", aProject,
          "transport", "streamable_http", "url", remote.url()));
      assertThat(created.status()).as("create: %s", created).isEqualTo(201);
      shared = new World(a, b, aDev, fx.login(b.devName()), aProject, name, key);
      sharedPort = port;
    }
    w = shared;
  }

  private static Caller caller(Tenant t) {
    return new Caller(t.devId(), t.devName(), "开发者", t.orgId(), t.orgId(), Set.of("developer"),
        Set.of("agent:read", "agent:write", "agent:invoke"), Caller.AuthType.USER, null, null, null, "127.0.0.1",
        false);
  }

  private FakeNodeContext node(Tenant t, String config) {
    return new FakeNodeContext("mcp", config, Map.of("start", Map.of("a", 4, "b", 5.5, "q", "6*7")), caller(t));
  }

  @Test
  void theMcpNodeCallsToolsOfRegisteredServersWithResolvedArguments() throws Exception {
    var result = mcpNode.execute(node(w.a(), """
        {"server": "%s", "tool": "add", "arguments": {"a": "{{start.a}}", "b": "{{start.b}}"}}"""
        .formatted(w.serverName())));
    assertThat(result.outputs().get("text")).isEqualTo("sum 9.5");
    assertThat(result.outputs().get("structured")).isEqualTo(Map.of("sum", 9.5));
    assertThat(result.outputs().get("is_error")).isEqualTo(false);
    assertThat(result.outputs().get("content")).asList().singleElement().asString().contains("sum 9.5");
    assertThat(result.details()).containsEntry("tool", "add");

    var builtin = mcpNode.execute(node(w.a(), """
        {"server": "jingzhi-tools", "tool": "calculator", "arguments": {"expression": "{{start.q}}"}}"""));
    assertThat(builtin.outputs().get("text")).isEqualTo("42");

    assertFailure(() -> mcpNode.execute(node(w.a(), """
        {"server": "%s", "tool": "fail", "arguments": {}}""".formatted(w.serverName()))), "mcp.tool_error", false);
    var tolerated = mcpNode.execute(node(w.a(), """
        {"server": "%s", "tool": "fail", "arguments": {}, "fail_on_tool_error": false}"""
        .formatted(w.serverName())));
    assertThat(tolerated.outputs().get("is_error")).isEqualTo(true);
    assertFailure(() -> mcpNode.execute(node(w.a(), """
        {"server": "%s", "tool": "add", "arguments": {"a": "x"}}""".formatted(w.serverName()))),
        "mcp.invalid_arguments", false);
    assertFailure(() -> mcpNode.execute(node(w.a(), """
        {"server": "%s", "tool": "nope", "arguments": {}}""".formatted(w.serverName()))), "mcp.unknown_tool", false);
    // Another tenant cannot name tenant A's server: it does not exist for it.
    assertFailure(() -> mcpNode.execute(node(w.b(), """
        {"server": "%s", "tool": "add", "arguments": {"a": 1, "b": 2}}""".formatted(w.serverName()))),
        "mcp.unknown_server", false);
  }

  @Test
  void anUnreachableServerIsARetryableFailure() throws Exception {
    String name = unique("gone");
    long id = api.post("/api/v1/mcp-servers", w.aDev(), map("name", name, "project", w.aProject(),
        "transport", "streamable_http", "url", remote.url())).id();
    api.post("/api/v1/mcp-servers/" + id + "/refresh", w.aDev(), null);
    api.patch("/api/v1/mcp-servers/" + id, w.aDev(), map("url", "http://127.0.0.1:9/mcp"));
    assertFailure(() -> mcpNode.execute(node(w.a(), """
        {"server": "%s", "tool": "add", "arguments": {"a": 1, "b": 2}}""".formatted(name))), "mcp.transport", true);
  }

  @Test
  void thePlatformsOwnServerAnswersTheSdkClientWithATokenOrAnApiKey() {
    try (McpSyncClient client = client(w.aDev())) {
      client.initialize();
      assertThat(client.listTools().tools().stream().map(McpSchema.Tool::name))
          .containsExactlyInAnyOrder("current_time", "workdays_between", "id_card_check", "calculator");
      assertThat(text(client.callTool(new McpSchema.CallToolRequest("calculator", Map.of("expression",
          "(1 + 2) * 3"))))).isEqualTo("9");
      var id = client.callTool(new McpSchema.CallToolRequest("id_card_check", Map.of("id_number",
          "11010519491231002X")));
      assertThat(((Map<?, ?>) id.structuredContent()).get("valid")).isEqualTo(true);
      assertThat(((Map<?, ?>) id.structuredContent()).keySet().stream().map(String::valueOf))
          .containsOnly("valid", "reason");
      var invalid = client.callTool(new McpSchema.CallToolRequest("id_card_check", Map.of("id_number",
          "110105194912310021")));
      assertThat(((Map<?, ?>) invalid.structuredContent()).get("valid")).isEqualTo(false);
      var days = client.callTool(new McpSchema.CallToolRequest("workdays_between", Map.of("start", "2026-11-02",
          "end", "2026-11-15")));
      assertThat(((Map<?, ?>) days.structuredContent()).get("workdays")).isEqualTo(10);
      var now = client.callTool(new McpSchema.CallToolRequest("current_time", Map.of()));
      assertThat(((Map<?, ?>) now.structuredContent()).get("timezone")).isEqualTo("Asia/Shanghai");
      assertThat((String) ((Map<?, ?>) now.structuredContent()).get("iso")).endsWith("+08:00");
      var bad = client.callTool(new McpSchema.CallToolRequest("calculator", Map.of("expression", "1/0")));
      assertThat(bad.isError()).isTrue();
      assertThat(text(bad)).contains("division by zero");
    }
    try (McpSyncClient client = client(w.aKey())) {
      client.initialize();
      assertThat(client.listTools().tools()).hasSize(4);
    }
    try (McpSyncClient anonymous = client(null)) {
      assertThatThrownBy(anonymous::initialize).isInstanceOf(RuntimeException.class);
    }
    assertThat(api.post("/mcp/tools", null, Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list")).status())
        .isEqualTo(401);
  }

  @Test
  void thePlatformsToolsAreAGlobalRegistryEntryEveryTenantMayUseButNotChange() {
    for (String token : new String[] {w.aDev(), w.bDev()}) {
      JsonNode global = api.get("/api/v1/mcp-servers", token).json().valueStream()
          .filter(s -> s.get("name").asString().equals("jingzhi-tools")).findFirst().orElseThrow();
      assertThat(global.get("transport").asString()).isEqualTo("builtin");
      assertThat(global.get("tenant_id").isNull()).isTrue();
      assertThat(global.get("tool_count").asInt()).isEqualTo(4);
      long id = global.get("id").asLong();
      var debug = api.post("/api/v1/mcp-servers/" + id + "/tools/workdays_between/debug", token,
          map("arguments", map("start", "2026-11-02", "end", "2026-11-06")));
      assertThat(debug.json().get("result").get("structured").get("workdays").asInt()).isEqualTo(5);
      assertProblem(api.patch("/api/v1/mcp-servers/" + id, token, map("description", "x")), 403,
          "mcp_server.builtin");
      assertProblem(api.delete("/api/v1/mcp-servers/" + id, token), 403, "mcp_server.builtin");
      assertProblem(api.post("/api/v1/mcp-servers/" + id + "/tools/calculator/debug", token,
          map("arguments", map("expression", 42))), 400, "validation_failed");
    }
  }

  @Test
  void theComponentCatalogOffersNodeTypesAndUsableToolsAndSearchesFuzzily() {
    api.post("/api/v1/mcp-servers/" + serverId() + "/refresh", w.aDev(), null);
    var all = api.get("/api/v1/components", w.aDev()).json();
    assertThat(keys(all, "node_type")).contains("http", "mcp");
    assertThat(keys(all, "mcp_tool")).contains("jingzhi-tools/calculator", w.serverName() + "/add");
    var forB = api.get("/api/v1/components", w.bDev()).json();
    assertThat(keys(forB, "mcp_tool")).contains("jingzhi-tools/calculator")
        .noneMatch(k -> k.startsWith(w.serverName() + "/"));

    var idCard = api.get("/api/v1/components?q=身份证校验", w.aDev()).json();
    assertThat(idCard.get(0).get("key").asString()).isEqualTo("jingzhi-tools/id_card_check");
    assertThat(idCard.get(0).get("attributes").get("server").asString()).isEqualTo("jingzhi-tools");
    var http = api.get("/api/v1/components?q=HTTP", w.aDev()).json();
    assertThat(http.get(0).get("key").asString()).isEqualTo("http");
    assertThat(api.get("/api/v1/components?kind=node_type&category=tool", w.aDev()).json().valueStream()
        .map(c -> c.get("key").asString())).containsExactlyInAnyOrder("http", "mcp");
    assertThat(api.get("/api/v1/components?tag=MCP&kind=mcp_tool", w.aDev()).json().size()).isGreaterThanOrEqualTo(5);
    assertThat(api.get("/api/v1/components?q=天气预报火箭", w.aDev()).json().isEmpty()).isTrue();
    assertProblem(api.get("/api/v1/components", w.aKey()), 403, "user_only");
  }

  private long serverId() {
    return api.get("/api/v1/mcp-servers?q=" + w.serverName(), w.aDev()).json().get(0).get("id").asLong();
  }

  private static java.util.List<String> keys(JsonNode items, String kind) {
    return items.valueStream().filter(i -> i.get("kind").asString().equals(kind)).map(i -> i.get("key").asString())
        .toList();
  }

  private McpSyncClient client(String token) {
    var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp/tools")
        .jsonMapper(new JacksonMcpJsonMapper(JsonMapper.builder().build()))
        .httpRequestCustomizer((request, method, uri, body, context) -> {
          if (token != null) {
            request.setHeader("Authorization", "Bearer " + token);
          }
        }).build();
    return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
  }

  private static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().getFirst()).text();
  }

  private static void assertFailure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code,
      boolean retryable) {
    assertThatThrownBy(call).isInstanceOfSatisfying(NodeFailure.class, f -> {
      assertThat(f.code()).isEqualTo(code);
      assertThat(f.retryable()).as("retryable of %s", code).isEqualTo(retryable);
    });
  }
}
