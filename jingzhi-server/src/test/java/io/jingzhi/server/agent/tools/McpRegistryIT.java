package io.jingzhi.server.agent.tools;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The MCP server registry on the real server against real MCP servers: one over Streamable HTTP (the SDK's servlet
 * transport in an embedded Tomcat) and one over stdio (a child JVM): register, refresh, versions, static
 * validation, debug calls, secrets, changes, deletion, bad input and tenant isolation.
 */
class McpRegistryIT extends ServerIT {

  static TestMcpServer remote;

  record World(Tenant a, Tenant b, String aDev, String bDev, String aProject, String bProject) {}

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
      Tenant a = fx.tenant("mcp-a");
      Tenant b = fx.tenant("mcp-b");
      String aProject = unique("mcp-proj-a");
      api.post("/api/v1/projects", fx.login(a.adminName()), map("code", aProject, "name", "甲项目", "org_id",
          a.orgId()));
      String bProject = unique("mcp-proj-b");
      api.post("/api/v1/projects", fx.login(b.adminName()), map("code", bProject, "name", "乙项目", "org_id",
          b.orgId()));
      shared = new World(a, b, fx.login(a.devName()), fx.login(b.devName()), aProject, bProject);
      sharedPort = port;
    }
    w = shared;
  }

  private JsonNode create(String token, Map<String, Object> body) {
    var res = api.post("/api/v1/mcp-servers", token, body);
    assertThat(res.status()).as("create: %s", res).isEqualTo(201);
    return res.json();
  }

  @Test
  void streamableHttpServerRegisterRefreshVersionValidateDebugChangeAndDelete() throws Exception {
    String name = unique("remote");
    JsonNode server = create(w.aDev(), map("name", name, "project", w.aProject(), "description", "测试服务",
        "transport", "streamable_http", "url", remote.url(),
        "headers", map("Authorization", "Bearer s3cret-token", "X-Trace", "abc")));
    long id = server.get("id").asLong();
    assertThat(server.get("headers").get("Authorization").asString()).isEqualTo("******");
    assertThat(server.get("headers").get("X-Trace").asString()).isEqualTo("abc");
    assertThat(server.get("current_version").asInt()).isZero();
    assertThat(jdbc.sql("select headers from agent_mcp_servers where id = :id").param("id", id).query(String.class)
        .single()).startsWith("v1:").doesNotContain("s3cret-token");

    var refresh = api.post("/api/v1/mcp-servers/" + id + "/refresh", w.aDev(), null);
    assertThat(refresh.status()).as("refresh: %s", refresh).isEqualTo(200);
    assertThat(refresh.json().get("changed").asBoolean()).isTrue();
    assertThat(refresh.json().get("version").asInt()).isEqualTo(1);
    assertThat(remote.lastAuthorization.get()).isEqualTo("Bearer s3cret-token");
    var again = api.post("/api/v1/mcp-servers/" + id + "/refresh", w.aDev(), null).json();
    assertThat(again.get("changed").asBoolean()).isFalse();
    assertThat(again.get("version").asInt()).isEqualTo(1);

    var tools = api.get("/api/v1/mcp-servers/" + id + "/tools", w.aDev()).json();
    assertThat(tools.valueStream().map(t -> t.get("name").asString()))
        .containsExactlyInAnyOrder("echo", "add", "fail", "bad tool");
    JsonNode add = tool(tools, "add");
    assertThat(add.get("validation").isEmpty()).isTrue();
    assertThat(add.get("input_schema").get("required").valueStream().map(JsonNode::asString))
        .containsExactly("a", "b");
    JsonNode bad = tool(tools, "bad tool");
    assertThat(bad.get("validation").valueStream().map(i -> i.get("field").asString()))
        .contains("name", "description", "input_schema.type", "input_schema.required");

    remote.addTool(unique("extra").replace('-', '_'));
    var changed = api.post("/api/v1/mcp-servers/" + id + "/refresh", w.aDev(), null).json();
    assertThat(changed.get("changed").asBoolean()).isTrue();
    assertThat(changed.get("version").asInt()).isEqualTo(2);
    var versions = api.get("/api/v1/mcp-servers/" + id + "/versions", w.aDev()).json();
    assertThat(versions.valueStream().map(v -> v.get("version").asInt())).containsExactly(2, 1);
    assertThat(versions.get(0).get("tool_count").asInt()).isEqualTo(5);
    assertThat(versions.get(1).get("tool_names").size()).isEqualTo(4);
    assertThat(api.get("/api/v1/mcp-servers/" + id, w.aDev()).json().get("tool_count").asInt()).isEqualTo(5);

    var debug = api.post("/api/v1/mcp-servers/" + id + "/tools/add/debug", w.aDev(),
        map("arguments", map("a", 2, "b", 3)));
    assertThat(debug.status()).as("debug: %s", debug).isEqualTo(200);
    assertThat(debug.json().get("result").get("structured").get("sum").asDouble()).isEqualTo(5.0);
    assertThat(debug.json().get("result").get("text").asString()).isEqualTo("sum 5.0");
    assertThat(debug.json().get("result").get("error").asBoolean()).isFalse();
    assertThat(debug.json().get("elapsed_ms").isNumber()).isTrue();
    var toolError = api.post("/api/v1/mcp-servers/" + id + "/tools/fail/debug", w.aDev(), map("arguments", map()));
    assertThat(toolError.json().get("result").get("error").asBoolean()).isTrue();
    assertThat(toolError.json().get("result").get("text").asString()).contains("on purpose");
    var wrongArgs = assertProblem(api.post("/api/v1/mcp-servers/" + id + "/tools/add/debug", w.aDev(),
        map("arguments", map("a", "two"))), 400, "validation_failed");
    assertThat(wrongArgs.json().get("errors").get(0).get("field").asString()).isEqualTo("arguments");
    assertProblem(api.post("/api/v1/mcp-servers/" + id + "/tools/nope/debug", w.aDev(), map("arguments", map())),
        404, "mcp_tool.not_found");

    // A masked header sent back keeps the stored secret; the pooled client is rebuilt with the new settings.
    remote.lastAuthorization.set(null);
    var patched = api.patch("/api/v1/mcp-servers/" + id, w.aDev(), map("description", "改过",
        "headers", map("Authorization", "******", "X-Trace", "def")));
    assertThat(patched.status()).as("patch: %s", patched).isEqualTo(200);
    assertThat(patched.json().get("headers").get("X-Trace").asString()).isEqualTo("def");
    assertThat(api.post("/api/v1/mcp-servers/" + id + "/tools/echo/debug", w.aDev(),
        map("arguments", map("text", "你好"))).json().get("result").get("text").asString()).isEqualTo("你好");
    assertThat(remote.lastAuthorization.get()).isEqualTo("Bearer s3cret-token");

    // A server that cannot be reached: a clear 502, the error kept on the server, the tool list kept.
    api.patch("/api/v1/mcp-servers/" + id, w.aDev(), map("url", "http://127.0.0.1:9/mcp"));
    assertProblem(api.post("/api/v1/mcp-servers/" + id + "/refresh", w.aDev(), null), 502, "mcp.transport");
    JsonNode down = api.get("/api/v1/mcp-servers/" + id, w.aDev()).json();
    assertThat(down.get("last_error").asString()).isNotBlank();
    assertThat(down.get("current_version").asInt()).isEqualTo(2);

    assertThat(jdbc.sql("select count(*) from iam_audit_events where target_type = 'mcp_server' and target_id = :id"
        + " and action in ('mcp_server.create', 'mcp_server.refresh', 'mcp_server.update', 'mcp_server.debug')")
        .param("id", String.valueOf(id)).query(Long.class).single()).isGreaterThanOrEqualTo(6);
    assertThat(api.delete("/api/v1/mcp-servers/" + id, w.aDev()).status()).isEqualTo(204);
    assertProblem(api.get("/api/v1/mcp-servers/" + id, w.aDev()), 404, "mcp_server.not_found");
    assertThat(jdbc.sql("select count(*) from agent_mcp_server_versions where server_id = :id").param("id", id)
        .query(Long.class).single()).isZero();
  }

  @Test
  void stdioServerRunsAsAChildProcessWithACleanEnvironment() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A program on the host is the operator's to register: a developer could run anything there otherwise.
    assertProblem(api.post("/api/v1/mcp-servers", w.aDev(), map("name", unique("sh"), "project", w.aProject(),
        "transport", "stdio", "command", "node", "args", List.of("-e", "require('fs').writeFileSync('/tmp/x','')"))),
        403, "mcp_server.stdio_admin_only");
    JsonNode server = create(adminToken(), map("name", unique("stdio"), "project", w.aProject(),
        "transport", "stdio", "command", java, "args", List.of("-cp", System.getProperty("java.class.path"),
            StdioMcpServerMain.class.getName()), "env", map("STDIO_MARKER", "marker-1", "API_TOKEN", "tok-9")));
    long id = server.get("id").asLong();
    assertProblem(api.patch("/api/v1/mcp-servers/" + id, w.aDev(), map("args", List.of("-version"))), 403,
        "mcp_server.stdio_admin_only");
    assertThat(server.get("env").get("API_TOKEN").asString()).isEqualTo("******");
    assertThat(server.get("env").get("STDIO_MARKER").asString()).isEqualTo("marker-1");
    var refresh = api.post("/api/v1/mcp-servers/" + id + "/refresh", w.aDev(), null);
    assertThat(refresh.status()).as("refresh: %s", refresh).isEqualTo(200);
    assertThat(refresh.json().get("tools").valueStream().map(t -> t.get("name").asString()))
        .contains("echo", "add", "getenv");

    assertThat(getenv(id, "STDIO_MARKER")).isEqualTo("marker-1");
    assertThat(getenv(id, "API_TOKEN")).isEqualTo("tok-9");
    String parentOnly = System.getenv().keySet().stream()
        .filter(k -> !List.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ", "JAVA_HOME").contains(k))
        .findFirst().orElseThrow();
    assertThat(getenv(id, parentOnly)).as("the platform's %s leaks into the child", parentOnly).isEqualTo("<unset>");

    assertProblem(api.post("/api/v1/mcp-servers", adminToken(), map("name", unique("x"), "project", w.aProject(),
        "transport", "stdio", "command", "bash")), 400, "validation_failed");
    assertProblem(api.post("/api/v1/mcp-servers", adminToken(), map("name", unique("x"), "project", w.aProject(),
        "transport", "stdio", "command", "/no/such/program")), 400, "validation_failed");
    assertThat(api.delete("/api/v1/mcp-servers/" + id, w.aDev()).status()).isEqualTo(204);
  }

  private String getenv(long id, String name) {
    var res = api.post("/api/v1/mcp-servers/" + id + "/tools/getenv/debug", w.aDev(), map("arguments",
        map("name", name)));
    assertThat(res.status()).as("getenv: %s", res).isEqualTo(200);
    return res.json().get("result").get("text").asString();
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndNothingIsStored() {
    long before = count();
    var fields = List.of(
        map("project", w.aProject(), "transport", "streamable_http", "url", remote.url()),
        map("name", "bad name!", "project", w.aProject(), "transport", "streamable_http", "url", remote.url()),
        map("name", unique("x"), "project", w.aProject(), "transport", "websocket", "url", remote.url()),
        map("name", unique("x"), "project", w.aProject(), "transport", "streamable_http"),
        map("name", unique("x"), "project", w.aProject(), "transport", "streamable_http", "url", "ftp://x/y"),
        map("name", unique("x"), "project", w.aProject(), "transport", "streamable_http", "url", remote.url(),
            "headers", map("Bad Header", "x")),
        map("name", unique("x"), "transport", "streamable_http", "url", remote.url()));
    var expected = List.of("name", "name", "transport", "url", "url", "headers", "project");
    for (int i = 0; i < fields.size(); i++) {
      var res = assertProblem(api.post("/api/v1/mcp-servers", w.aDev(), fields.get(i)), 400, "validation_failed");
      assertThat(res.json().get("errors").get(0).get("field").asString()).isEqualTo(expected.get(i));
    }
    assertProblem(api.raw("POST", "/api/v1/mcp-servers", w.aDev(), "application/json", "{\"name\": "), 400, null);
    assertProblem(api.post("/api/v1/mcp-servers", w.aDev(), map("name", unique("x"), "project", "no-such-project",
        "transport", "streamable_http", "url", remote.url())), 404, "project.not_found");
    String name = unique("dup");
    create(w.aDev(), map("name", name, "project", w.aProject(), "transport", "streamable_http", "url", remote.url()));
    assertProblem(api.post("/api/v1/mcp-servers", w.aDev(), map("name", name, "project", w.aProject(),
        "transport", "streamable_http", "url", remote.url())), 409, "mcp_server.name_taken");
    assertProblem(api.post("/api/v1/mcp-servers", w.aDev(), map("name", "jingzhi-tools", "project", w.aProject(),
        "transport", "streamable_http", "url", remote.url())), 409, "mcp_server.name_taken");
    assertThat(count()).isEqualTo(before + 1);
  }

  @Test
  void anotherTenantSeesNothingAndChangesNothing() {
    String name = unique("iso");
    long id = create(w.aDev(), map("name", name, "project", w.aProject(), "transport", "streamable_http",
        "url", remote.url())).get("id").asLong();
    assertProblem(api.get("/api/v1/mcp-servers/" + id, w.bDev()), 404, "mcp_server.not_found");
    assertProblem(api.patch("/api/v1/mcp-servers/" + id, w.bDev(), map("name", "hacked")), 404,
        "mcp_server.not_found");
    assertProblem(api.post("/api/v1/mcp-servers/" + id + "/refresh", w.bDev(), null), 404, "mcp_server.not_found");
    assertProblem(api.post("/api/v1/mcp-servers/" + id + "/tools/echo/debug", w.bDev(), map("arguments",
        map("text", "x"))), 404, "mcp_server.not_found");
    assertProblem(api.delete("/api/v1/mcp-servers/" + id, w.bDev()), 404, "mcp_server.not_found");
    assertProblem(api.post("/api/v1/mcp-servers", w.bDev(), map("name", unique("x"), "project", w.aProject(),
        "transport", "streamable_http", "url", remote.url())), 404, "project.not_found");
    var bList = api.get("/api/v1/mcp-servers", w.bDev()).json();
    assertThat(bList.valueStream().map(s -> s.get("name").asString())).doesNotContain(name).contains("jingzhi-tools");
    // The same name is free in another tenant.
    create(w.bDev(), map("name", name, "project", w.bProject(), "transport", "streamable_http", "url", remote.url()));
    assertThat(api.get("/api/v1/mcp-servers/" + id, w.aDev()).json().get("name").asString()).isEqualTo(name);
  }

  private long count() {
    return jdbc.sql("select count(*) from agent_mcp_servers").query(Long.class).single();
  }

  private static JsonNode tool(JsonNode tools, String name) {
    return tools.valueStream().filter(t -> t.get("name").asString().equals(name)).findFirst().orElseThrow();
  }
}
