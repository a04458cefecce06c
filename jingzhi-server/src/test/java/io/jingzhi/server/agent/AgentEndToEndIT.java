package io.jingzhi.server.agent;

import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.iam.bootstrap.BootstrapException;
import io.jingzhi.iam.bootstrap.Bootstrapper;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.TestApi;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue #6's "done when", end to end on the demo bootstrap file: a department developer (rsj.dev of 人社局) sees the
 * demo apps, runs the subsidy workflow — knowledge base, the platform's MCP tool, the demo database, the (simulated)
 * model — and reads every step of the run; then builds a new workflow of the same kinds of nodes through the API,
 * debugs, publishes and calls it with an app key on the OpenAI API, and chats with the demo assistant.
 */
class AgentEndToEndIT extends ServerIT {

  static final Path EXAMPLE = Path.of("..", "examples", "bootstrap.yaml").toAbsolutePath().normalize();
  static final String PASSWORD = "Demo#2026-Jz";

  static Simulator simulator;

  @Value("${jingzhi.data-dir}")
  String dataDir;

  @Autowired
  Bootstrapper bootstrapper;

  @DynamicPropertySource
  static void example(DynamicPropertyRegistry registry) throws Exception {
    // The demo's chat model points at ${JINGZHI_DEMO_MODEL_URL}: here a simulator of this test (not a real model).
    simulator = Simulator.start(new SimulatorConfig(5, 1, 12, 0, 0, true, true, 16, List.of("sim-chat")), 0);
    registry.add("JINGZHI_DEMO_MODEL_URL", simulator::baseUrl);
    registry.add("jingzhi.iam.bootstrap", EXAMPLE::toString);
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @Test
  void aDepartmentRunsTheDemoWorkflowAndSeesEveryStep() throws Exception {
    String dev = api.login("rsj.dev", PASSWORD);
    awaitDemoBase(api, dev);
    var catalog = api.get("/api/v1/apps", dev).json().get("items");
    assertThat(catalog.valueStream().map(a -> a.get("code").asString()))
        .contains("rsj-assistant", "rsj-subsidy-workflow");

    var sse = api.post("/api/v1/apps/rsj-subsidy-workflow/run", dev, map("inputs",
        map("question", "一次性创业补贴的标准是多少？", "district", "南湖区"), "stream", true));
    assertThat(sse.status()).as(sse.toString()).isEqualTo(200);
    var events = RunFixtures.events(sse.body());
    var finished = events.getLast();
    assertThat(finished.getKey()).as(sse.body()).isEqualTo("run_finished");
    assertThat(finished.getValue().get("status").asString()).as(sse.body()).isEqualTo("succeeded");
    assertThat(finished.getValue().get("answer").asString()).isNotBlank();
    long runId = finished.getValue().get("run_id").asLong();

    var runs = api.get("/api/v1/apps/rsj-subsidy-workflow/runs", dev).json().get("items");
    JsonNode run = runs.valueStream().filter(r -> r.get("run_id").asLong() == runId).findFirst().orElseThrow();
    assertDemoTrace(run);
    assertDemoTrace(api.get("/api/v1/runs/" + runId, dev).json());
  }

  /** Every node of the demo workflow succeeded with real outputs (no fallback hid a failure). */
  private static void assertDemoTrace(JsonNode run) {
    JsonNode nodes = run.get("nodes");
    assertThat(nodes.valueStream().map(n -> n.get("node_id").asString()))
        .containsExactly("start", "kb", "today", "stats", "llm", "answer");
    assertThat(nodes.valueStream().map(n -> n.get("status").asString())).as(run.toString())
        .containsOnly("succeeded");
    JsonNode kb = node(run, "kb").get("outputs");
    assertThat(kb.get("result").size()).isPositive();
    assertThat(kb.get("result").valueStream().map(h -> h.get("kb").asString())).containsOnly("rsj-policy-kb");
    assertThat(kb.get("context").asString()).contains("补贴");
    assertThat(node(run, "today").get("outputs").get("text").asString()).as("current_time of jingzhi-tools")
        .containsPattern("20\\d\\d");
    JsonNode stats = node(run, "stats").get("outputs");
    assertThat(stats.get("rows").size()).isEqualTo(4);
    assertThat(stats.get("rows").get(0).get("district").asString()).as("most served first").isEqualTo("南湖区");
    assertThat(stats.get("markdown").asString()).contains("北山区");
    JsonNode llm = node(run, "llm");
    assertThat(llm.get("outputs").get("text").asString()).isNotBlank();
    assertThat(llm.get("usage").get("completion_tokens").asInt()).isEqualTo(12);
    assertThat(run.get("answer").asString()).isEqualTo(llm.get("outputs").get("text").asString());
  }

  @Test
  void aDeveloperBuildsPublishesAndCallsANewWorkflowAndChatsWithTheAssistant() throws Exception {
    String dev = api.login("rsj.dev", PASSWORD);
    awaitDemoBase(api, dev);
    String code = "rsj-e2e-flow";
    var created = api.post("/api/v1/apps", dev, map("code", code, "name", "端到端工作流", "type", "workflow",
        "project", "rsj-policy", "sharing", "org"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);

    var dangling = api.put("/api/v1/apps/" + code + "/draft", dev, map("definition",
        definition("{{ghost.text}}")));
    assertProblem(dangling, 422, "workflow.invalid");
    assertThat(fields(dangling)).as(dangling.toString()).contains("nodes.llm.config.prompt");
    var saved = api.put("/api/v1/apps/" + code + "/draft", dev, map("definition",
        definition("时间：{{now.text}}\n资料：{{kb.context}}\n统计：{{db.markdown}}\n问题：{{sys.query}}")));
    assertThat(saved.status()).as(saved.toString()).isEqualTo(200);

    var debug = api.post("/api/v1/apps/" + code + "/debug", dev, map("inputs", map(), "query", "灵活就业怎么参保？"));
    var debugEvents = RunFixtures.events(debug.body());
    assertThat(debugEvents.getLast().getValue().get("status").asString()).as(debug.body()).isEqualTo("succeeded");
    assertThat(debugEvents.stream().filter(e -> e.getKey().equals("node_finished"))
        .map(e -> e.getValue().get("status").asString())).as(debug.body()).hasSize(6).containsOnly("succeeded");

    var published = api.post("/api/v1/apps/" + code + "/publish", dev, map("note", "第一版"));
    assertThat(published.status()).as(published.toString()).isIn(200, 201);
    var key = api.post("/api/v1/apps/" + code + "/keys", dev, map("name", "e2e"));
    assertThat(key.status()).as(key.toString()).isEqualTo(201);
    String secret = key.text("key");
    var completion = api.post("/v1/chat/completions", secret, map("model", "app/" + code, "messages",
        List.of(map("role", "user", "content", "南湖区的零工市场在哪里？"))));
    assertThat(completion.status()).as(completion.toString()).isEqualTo(200);
    assertThat(completion.json().get("choices").get(0).get("message").get("content").asString()).isNotBlank();
    long keyRun = Long.parseLong(completion.json().get("id").asString().substring("chatcmpl-run-".length()));
    JsonNode viaKey = api.get("/api/v1/runs/" + keyRun, secret).json();
    assertThat(viaKey.get("source").asString()).isEqualTo("openai");
    assertThat(node(viaKey, "db").get("outputs").get("rows").size()).as("the key's run reads the database as its"
        + " creator").isEqualTo(4);
    assertThat(node(viaKey, "kb").get("outputs").get("result").size()).isPositive();

    var one = api.post("/api/v1/apps/rsj-assistant/run", dev, map("query", "一次性创业补贴的标准是多少？")).json();
    assertThat(one.get("status").asString()).as(one.toString()).isEqualTo("succeeded");
    String conversation = one.get("conversation_id").asString();
    var two = api.post("/api/v1/apps/rsj-assistant/run", dev, map("query", "一次性创业补贴的标准是多少？",
        "conversation_id", conversation)).json();
    assertThat(two.get("status").asString()).as(two.toString()).isEqualTo("succeeded");
    assertThat(two.get("conversation_id").asString()).isEqualTo(conversation);
    assertThat(two.get("usage").get("prompt_tokens").asInt()).as("the first turn is replayed to the model")
        .isGreaterThan(one.get("usage").get("prompt_tokens").asInt());
    assertThat(api.get("/api/v1/conversations/" + conversation, dev).json().toString())
        .contains(one.get("answer").asString());
  }

  @Test
  void theDemoDatabaseIsCreatedOnceFromItsSeedAndBadEntriesStopTheStart() throws Exception {
    String dev = api.login("rsj.dev", PASSWORD);
    var list = api.get("/api/v1/db-connections?project=rsj-policy", dev).json();
    JsonNode stats = list.valueStream().filter(c -> c.get("name").asString().equals("demo-stats")).findFirst()
        .orElseThrow(() -> new AssertionError("no demo-stats in " + list));
    assertThat(stats.get("kind").asString()).isEqualTo("h2");
    assertThat(stats.get("read_only").asBoolean()).isTrue();
    assertThat(stats.get("has_password").asBoolean()).isTrue();
    Path database = Path.of(dataDir).toAbsolutePath().normalize().resolve("demo/stats");
    assertThat(stats.get("url").asString()).as("a relative path lies under the data directory")
        .isEqualTo("jdbc:h2:file:" + database + ";DATABASE_TO_LOWER=TRUE");
    assertThat(Path.of(database + ".mv.db")).exists();
    var query = api.post("/api/v1/db-connections/" + stats.get("id").asLong() + "/query", dev,
        map("sql", "select count(*) as n from service_station_stats"));
    assertThat(query.json().get("rows").get(0).get("n").asInt()).as(query.toString()).isEqualTo(4);
    assertThat(api.get("/api/v1/db-connections?project=rsj-policy", api.login("zwfw.dev", PASSWORD)).status())
        .as("another department does not see it").isEqualTo(404);

    assertThat(bootstrapper.apply(EXAMPLE).changes()).as("the same file again").isEmpty();

    Path dir = Files.createTempDirectory("db-bootstrap-");
    Files.writeString(dir.resolve("broken.sql"), "CREATE TABLE t (x INT);\nINSERT INTO nowhere VALUES (1);\n");
    Path boot = dir.resolve("bootstrap.yaml");
    Files.writeString(boot, """
        db_connections:
          - {name: broken-seed, project: rsj-policy, kind: h2, url: "jdbc:h2:file:e2e/broken", seed: broken.sql}
        """);
    assertThatThrownBy(() -> bootstrapper.apply(boot)).isInstanceOf(BootstrapException.class)
        .hasMessageContaining("db_connections[0].seed").hasMessageContaining("broken.sql");
    assertThat(Path.of(dataDir, "e2e", "broken.mv.db")).as("no half-built database is left").doesNotExist();
    assertThat(jdbc.sql("select count(*) from agent_db_connections where name = 'broken-seed'").query(Long.class)
        .single()).as("the whole file is rolled back").isZero();

    Files.writeString(boot, """
        db_connections:
          - {name: in-memory, project: rsj-policy, kind: h2, url: "jdbc:h2:mem:x"}
          - {name: "123", project: no-such-project, kind: postgresql, url: "jdbc:postgresql://db/x", seed: x.sql}
          - {name: typo, project: rsj-policy, kind: h2, url: "jdbc:h2:file:e2e/t", raed_only: true}
          - {name: no-seed, project: rsj-policy, kind: h2, url: "jdbc:h2:file:e2e/n", seed: missing.sql}
        """);
    assertThatThrownBy(() -> bootstrapper.apply(boot)).isInstanceOf(BootstrapException.class)
        .hasMessageContaining("db_connections[0].url").hasMessageContaining("db_connections[1].name")
        .hasMessageContaining("db_connections[1].project").hasMessageContaining("db_connections[1].seed")
        .hasMessageContaining("db_connections[2].raed_only").hasMessageContaining("db_connections[3].seed");
  }

  /** knowledge → mcp → database → llm → answer, the llm prompt given. */
  private static Map<String, Object> definition(String prompt) {
    List<Map<String, Object>> nodes = List.of(
        n("start", "start", map("inputs", List.of())),
        n("kb", "knowledge", map("knowledge_bases", List.of("rsj-policy-kb"), "query", "{{sys.query}}", "top_k", 3)),
        n("now", "mcp", map("server", "jingzhi-tools", "tool", "current_time", "arguments", map())),
        n("db", "database", map("connection", "demo-stats", "mode", "sql", "sql",
            "select district, station_name, served_2025 from service_station_stats order by district")),
        n("llm", "llm", map("model", "demo-chat", "prompt", prompt)),
        n("answer", "answer", map("text", "{{llm.text}}")));
    List<Map<String, Object>> edges = new java.util.ArrayList<>();
    for (int i = 1; i < nodes.size(); i++) {
      edges.add(map("source", nodes.get(i - 1).get("id"), "target", nodes.get(i).get("id")));
    }
    return map("format", "jingzhi-workflow/1", "nodes", nodes, "edges", edges);
  }

  private static Map<String, Object> n(String id, String type, Map<String, Object> config) {
    return map("id", id, "type", type, "title", id, "config", config);
  }

  private static JsonNode node(JsonNode run, String id) {
    return run.get("nodes").valueStream().filter(n -> n.get("node_id").asString().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no node " + id + " in " + run));
  }

  /** The demo base's four documents are ingested by a job after the start. */
  static void awaitDemoBase(TestApi api, String token) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      var list = api.get("/api/v1/knowledge-bases?q=rsj-policy-kb", token).json();
      if (list.get("total").asInt() == 1) {
        long id = list.get("items").get(0).get("id").asLong();
        if (api.get("/api/v1/knowledge-bases/" + id + "/documents?status=ready", token).json().get("total")
            .asInt() == 4) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the demo base did not get its 4 documents ready");
  }
}
