package io.jingzhi.server.agent;

import static io.jingzhi.server.support.IamFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.app.AppDefinitions.RunnableApp;
import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.definition.VariableSpec;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.server.support.IamFixtures;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.TestApi;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Apps for the scripted engine, API keys and reviewers, and SSE reading for the run ITs. */
final class RunFixtures {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final AtomicLong APP_IDS = new AtomicLong(9000);

  private RunFixtures() {}

  static NodeSpec node(String id, String type, String config) {
    return new NodeSpec(id, type, id, JSON.readTree(config), null, null);
  }

  /** Registers an app of the tenant with these nodes (in execution order) and a secret environment variable. */
  static String app(Tenant t, NodeSpec... nodes) {
    String code = unique("app").replace('-', '_');
    var env = List.of(new VariableSpec("TOKEN", VarType.SECRET, null, null, false, "enc:x", null, null));
    var def = new WorkflowDefinition(WorkflowDefinition.CURRENT_FORMAT, env, List.of(), List.of(nodes), List.of());
    ScriptedAgent.APPS.put(code, new RunnableApp(APP_IDS.incrementAndGet(), code, "应用 " + code, "workflow", 1,
        t.orgId(), t.orgId(), 1, def, Map.of("TOKEN", "tok-Secret-123")));
    return code;
  }

  static String echo(Tenant t) {
    return app(t, node("start", "start", "{}"), node("counter", "counter", "{}"),
        node("answer", "answer", "{\"text\":\"你问:{{sys.query}} 历史{{history}} 轮{{conv.turns}}\"}"));
  }

  /** A user of the tenant with the reviewer role (reads, does not build or run). */
  static String reviewer(TestApi api, IamFixtures fx, Tenant tenant) {
    String name = unique("rev");
    fx.createUser(fx.login(tenant.adminName()), name, tenant.orgId(), "reviewer");
    return fx.login(name);
  }

  /** A fresh API key of an app of the tenant. */
  static String key(TestApi api, IamFixtures fx, Tenant t) {
    String admin = fx.login(t.adminName());
    long project = api.post("/api/v1/projects", admin, Map.of("code", unique("p"), "name", "项目", "org_id",
        t.orgId())).id();
    long app = api.post("/api/v1/projects/" + project + "/apps", admin, Map.of("code", unique("k"), "name", "k"))
        .id();
    return api.post("/api/v1/projects/" + project + "/apps/" + app + "/keys", admin, Map.of("name", "k")).text("key");
  }

  /** The SSE events of a body, in order, with their data. */
  static List<Map.Entry<String, JsonNode>> events(String body) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    String name = null;
    for (String line : body.split("\n")) {
      if (line.startsWith("event: ")) {
        name = line.substring(7);
      } else if (line.startsWith("data: ") && name != null) {
        out.add(Map.entry(name, JSON.readTree(line.substring(6))));
        name = null;
      }
    }
    return out;
  }

  /** A streamed run read line by line: opened until its run id is known. */
  static final class Stream implements AutoCloseable {
    final long runId;
    private final BufferedReader reader;

    private Stream(long runId, BufferedReader reader) {
      this.runId = runId;
      this.reader = reader;
    }

    static Stream open(int port, String path, String token, Object body) throws Exception {
      var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
      var response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request,
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).isEqualTo(200);
      var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("data: ") && line.contains("\"run_id\"")) {
          return new Stream(JSON.readTree(line.substring(6)).get("run_id").asLong(), reader);
        }
      }
      throw new AssertionError("the stream ended before run_started");
    }

    /** Everything after run_started, until the stream ends. */
    String rest() throws Exception {
      StringBuilder s = new StringBuilder();
      String line;
      while ((line = reader.readLine()) != null) {
        s.append(line).append('\n');
      }
      return s.toString();
    }

    @Override
    public void close() throws Exception {
      reader.close();
    }
  }
}
