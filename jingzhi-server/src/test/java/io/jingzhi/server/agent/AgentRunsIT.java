package io.jingzhi.server.agent;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Runs of real apps on the real engine: created, published and run through the API, the LLM node calling a
 * simulated model through the gateway. Needs the engine, the node executors and the apps of issue #6 merged.
 */
class AgentRunsIT extends ServerIT {

  static Simulator fast;
  static Simulator stalled;

  @BeforeAll
  static void simulators() throws Exception {
    fast = Simulator.start(new SimulatorConfig(5, 1, 6, 0, 0, true, true, 16, List.of("agent-sim")), 0);
    stalled = Simulator.start(new SimulatorConfig(600_000, 1, 6, 0, 0, true, true, 16, List.of("agent-stall")), 0);
  }

  @AfterAll
  static void stop() {
    fast.close();
    stalled.close();
  }

  private static Tenant tenant;
  private static String project;
  private String dev;

  @BeforeEach
  void world() {
    if (tenant == null) {
      String admin = adminToken();
      for (var m : List.of(map("name", "agent-sim", "url", fast.baseUrl()), map("name", "agent-stall", "url",
          stalled.baseUrl()))) {
        var res = api.post("/api/v1/models", admin, map("name", m.get("name"), "kind", "chat", "simulated", true,
            "endpoints", List.of(map("url", m.get("url")))));
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
      }
      tenant = fx.tenant("agent-runs");
      project = unique("proj");
      var p = api.post("/api/v1/projects", fx.login(tenant.adminName()), map("code", project, "name", "智能体项目",
          "org_id", tenant.orgId()));
      assertThat(p.status()).as(p.toString()).isEqualTo(201);
    }
    dev = fx.login(tenant.devName());
  }

  private static Map<String, Object> n(String id, String type, Map<String, Object> config) {
    return map("id", id, "type", type, "title", id, "config", config);
  }

  private static Map<String, Object> n(String id, String type, Map<String, Object> config, Map<String, Object> policy) {
    return map("id", id, "type", type, "title", id, "config", config, "policy", policy);
  }

  /** A linear workflow of these nodes. */
  private static Map<String, Object> chain(List<Map<String, Object>> nodes) {
    List<Map<String, Object>> edges = new java.util.ArrayList<>();
    for (int i = 1; i < nodes.size(); i++) {
      edges.add(map("source", nodes.get(i - 1).get("id"), "target", nodes.get(i).get("id")));
    }
    return map("format", "jingzhi-workflow/1", "nodes", nodes, "edges", edges);
  }

  private static Map<String, Object> start() {
    return n("start", "start", map("inputs", List.of(map("name", "topic", "type", "string", "label", "主题"))));
  }

  private static Map<String, Object> chat(String model) {
    return chain(List.of(start(), n("tpl", "template", map("template", "主题:{{start.topic}} 问:{{sys.query}}")),
        n("llm", "llm", map("model", model, "prompt", "{{tpl.text}}", "memory", map("turns", 10))),
        n("answer", "answer", map("text", "{{llm.text}}"))));
  }

  /** Creates and publishes an app with this definition. */
  private String publish(Map<String, Object> definition) {
    String code = unique("run").toLowerCase();
    var created = api.post("/api/v1/apps", dev, map("code", code, "name", "应用 " + code, "type", "workflow",
        "project", project, "sharing", "org", "definition", definition));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    var published = api.post("/api/v1/apps/" + code + "/publish", dev, map("note", "v1"));
    assertThat(published.status()).as(published.toString()).isIn(200, 201);
    return code;
  }

  @Test
  void aPublishedAppRunsWithATraceOfEveryNodeAndStreamsItsAnswer() {
    String code = publish(chat("agent-sim"));
    var res = api.post("/api/v1/apps/" + code + "/run", dev, map("inputs", map("topic", "社保"), "query", "怎么办"));
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    JsonNode run = res.json();
    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
    assertThat(run.get("answer").asString()).isNotBlank();
    assertThat(run.get("usage").get("completion_tokens").asInt()).isEqualTo(6);
    var stored = api.get("/api/v1/runs/" + run.get("run_id").asLong(), dev).json();
    assertThat(stored.get("nodes").valueStream().map(x -> x.get("node_id").asString()))
        .containsExactly("start", "tpl", "llm", "answer");
    assertThat(stored.get("nodes").valueStream().map(x -> x.get("status").asString())).containsOnly("succeeded");
    assertThat(stored.get("nodes").get(1).get("outputs").get("text").asString()).isEqualTo("主题:社保 问:怎么办");

    var sse = api.post("/api/v1/apps/" + code + "/run", dev, map("inputs", map("topic", "医保"), "query", "流",
        "stream", true));
    var events = RunFixtures.events(sse.body());
    assertThat(events.getFirst().getKey()).isEqualTo("run_started");
    assertThat(events.getLast().getKey()).isEqualTo("run_finished");
    StringBuilder deltas = new StringBuilder();
    events.stream().filter(e -> e.getKey().equals("message")).forEach(e -> deltas.append(e.getValue().get("delta")
        .asString()));
    assertThat(deltas.toString()).isEqualTo(events.getLast().getValue().get("answer").asString());
    assertThat(events.stream().filter(e -> e.getKey().equals("node_finished")).count()).isEqualTo(4);
  }

  @Test
  void theConversationHistoryReachesTheLlmNode() {
    String code = publish(chat("agent-sim"));
    var one = api.post("/api/v1/apps/" + code + "/run", dev, map("inputs", map("topic", "户籍"), "query", "第一问"))
        .json();
    var two = api.post("/api/v1/apps/" + code + "/run", dev, map("inputs", map("topic", "户籍"), "query", "第一问",
        "conversation_id", one.get("conversation_id").asString())).json();
    assertThat(two.get("status").asString()).isEqualTo("succeeded");
    assertThat(two.get("usage").get("prompt_tokens").asInt()).as("the first turn is replayed to the model")
        .isGreaterThan(one.get("usage").get("prompt_tokens").asInt() + 8);
  }

  @Test
  void aFailingNodesPolicyIsVisibleInTheTrace() {
    String fallback = publish(chain(List.of(start(), n("llm", "llm", map("model", "no-such-model", "prompt", "x"),
        map("on_error", "fallback", "fallback", map("text", "备用答案"))), n("answer", "answer",
        map("text", "{{llm.text}}")))));
    var run = api.post("/api/v1/apps/" + fallback + "/run", dev, map()).json();
    assertThat(run.get("status").asString()).isEqualTo("succeeded");
    assertThat(run.get("answer").asString()).isEqualTo("备用答案");
    var llm = api.get("/api/v1/runs/" + run.get("run_id").asLong(), dev).json().get("nodes").get(1);
    assertThat(llm.get("status").asString()).isEqualTo("fallback");
    assertThat(llm.get("error").get("code").asString()).isNotBlank();

    String failing = publish(chain(List.of(start(), n("llm", "llm", map("model", "no-such-model", "prompt", "x")),
        n("answer", "answer", map("text", "{{llm.text}}")))));
    var failed = api.post("/api/v1/apps/" + failing + "/run", dev, map()).json();
    assertThat(failed.get("status").asString()).isEqualTo("failed");
    assertThat(api.get("/api/v1/runs/" + failed.get("run_id").asLong(), dev).json().get("failed_node").asString())
        .isEqualTo("llm");
  }

  @Test
  void deletingAnAppEndsItsRunsThatWaitForInput() {
    String code = publish(chain(List.of(start(), n("ask", "human_input", map("prompt", "请填写", "fields",
        List.of(map("name", "topic", "type", "string", "required", true)))), n("answer", "answer",
        map("text", "{{ask.topic}}")))));
    long id = api.post("/api/v1/apps/" + code + "/run", dev, map()).json().get("run_id").asLong();
    assertThat(api.get("/api/v1/runs/" + id, dev).json().get("status").asString()).isEqualTo("waiting");
    assertThat(api.delete("/api/v1/apps/" + code, dev).status()).isEqualTo(204);
    var run = jdbc.sql("select status || ' ' || error_code from agent_runs where id = :id").param("id", id)
        .query(String.class).single();
    assertThat(run).as("nothing could resume it").isEqualTo("cancelled app.deleted");
  }

  @Test
  void humanInputWaitsAndResumesAndASubWorkflowRunsAsAChild() {
    String child = publish(chain(List.of(start(), n("answer", "answer", map("text", "子:{{start.topic}}")))));
    String code = publish(chain(List.of(start(), n("ask", "human_input", map("prompt", "请填写主题", "fields",
        List.of(map("name", "topic", "type", "string", "required", true)))), n("sub", "sub_workflow", map("app", child,
        "inputs", map("topic", "{{ask.topic}}"))), n("answer", "answer", map("text", "{{sub.answer}}")))));
    var waiting = api.post("/api/v1/apps/" + code + "/run", dev, map()).json();
    assertThat(waiting.get("status").asString()).as(waiting.toString()).isEqualTo("waiting");
    long id = waiting.get("run_id").asLong();
    assertProblem(api.post("/api/v1/runs/" + id + "/input", dev, map("values", map())), 422, "run.input_invalid");
    var done = api.post("/api/v1/runs/" + id + "/input", dev, map("values", map("topic", "公积金"))).json();
    assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
    assertThat(done.get("answer").asString()).isEqualTo("子:公积金");
    long childRun = api.get("/api/v1/runs/" + id, dev).json().get("nodes").valueStream()
        .filter(x -> x.get("node_id").asString().equals("sub") && x.get("status").asString().equals("succeeded"))
        .findFirst().orElseThrow().get("outputs").get("run_id").asLong();
    assertThat(api.get("/api/v1/runs/" + childRun, dev).json().get("parent_run_id").asLong()).isEqualTo(id);
  }

  @Test
  void aStalledRunIsCancelled() throws Exception {
    String code = publish(chat("agent-stall"));
    try (var stream = RunFixtures.Stream.open(port, "/api/v1/apps/" + code + "/run", dev, map("inputs",
        map("topic", "x"), "query", "等", "stream", true))) {
      var cancelled = api.post("/api/v1/runs/" + stream.runId + "/cancel", dev, null);
      assertThat(cancelled.json().get("status").asString()).as(cancelled.toString()).isEqualTo("cancelled");
      assertThat(stream.rest()).contains("event: run_finished").contains("cancelled");
    }
  }

  @Test
  void anAppIsAModelOnTheOpenAiApiForItsKeys() {
    String code = publish(chat("agent-sim"));
    var key = api.post("/api/v1/apps/" + code + "/keys", dev, map("name", "openai"));
    assertThat(key.status()).as(key.toString()).isIn(200, 201);
    String secret = key.text("key");
    assertThat(api.get("/v1/models", secret).body()).contains("\"app/" + code + "\"");
    var res = api.post("/v1/chat/completions", secret, map("model", "app/" + code, "inputs", map("topic", "税务"),
        "messages", List.of(map("role", "user", "content", "问"))));
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    assertThat(res.json().get("id").asString()).startsWith("chatcmpl-run-");
    assertThat(res.json().get("usage").get("completion_tokens").asInt()).isEqualTo(6);
    var stream = api.post("/v1/chat/completions", secret, map("model", "app/" + code, "stream", true,
        "inputs", map("topic", "税务"), "messages", List.of(map("role", "user", "content", "问"))));
    assertThat(stream.body().strip()).endsWith("data: [DONE]");
    assertThat(stream.body()).contains("\"finish_reason\":\"stop\"");
    var runs = api.get("/api/v1/apps/" + code + "/runs", secret).json().get("items");
    assertThat(runs.size()).isEqualTo(2);
    assertThat(runs.valueStream().map(r -> r.get("source").asString())).containsOnly("openai");
  }

  @Test
  void aKeysRequestLimitHoldsForAppRunsOnBothApis() {
    String code = publish(chain(List.of(start(), n("answer", "answer", map("text", "好的")))));
    var key = api.post("/api/v1/apps/" + code + "/keys", dev, map("name", "rpm2", "rpm", 2));
    assertThat(key.status()).as(key.toString()).isIn(200, 201);
    String secret = key.text("key");
    var messages = List.of(map("role", "user", "content", "限流"));
    assertThat(api.post("/v1/chat/completions", secret, map("model", "app/" + code, "messages", messages)).status())
        .isEqualTo(200);
    assertThat(api.post("/api/v1/apps/" + code + "/run", secret, map("inputs", map())).status()).isEqualTo(200);
    var third = api.post("/v1/chat/completions", secret, map("model", "app/" + code, "messages", messages));
    assertThat(third.status()).as("the key's rpm 2 is spent: %s", third).isEqualTo(429);
    assertThat(third.json().at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
    var fourth = api.post("/api/v1/apps/" + code + "/run", secret, map("inputs", map()));
    assertThat(fourth.status()).as("the native run API counts too: %s", fourth).isEqualTo(429);
    assertThat(fourth.json().get("code").asString()).isEqualTo("rate_limit_exceeded");
    assertThat(api.post("/api/v1/apps/" + code + "/run", dev, map("inputs", map())).status())
        .as("the builder's own session has no key limits").isEqualTo(200);
  }

  @Test
  void aKeyRunActsForItsCreatorInsideAndStopsWhenTheCreatorIsDisabled() {
    String tenantAdmin = fx.login(tenant.adminName());
    String builderName = unique("agent-builder");
    long builderId = fx.createUser(tenantAdmin, builderName, tenant.orgId(), "developer");
    String builder = fx.login(builderName);
    String child = publish(chat("agent-sim"));
    String code = publish(chain(List.of(start(), n("sub", "sub_workflow", map("app", child, "inputs",
        map("topic", "{{start.topic}}"))), n("answer", "answer", map("text", "{{sub.answer}}")))));
    var key = api.post("/api/v1/apps/" + code + "/keys", builder, map("name", "inner"));
    assertThat(key.status()).as(key.toString()).isIn(200, 201);
    String secret = key.text("key");

    // The key may run only app/<code>; the sub-workflow and its model call act for the key's creator.
    var run = api.post("/api/v1/apps/" + code + "/run", secret, map("inputs", map("topic", "就业")));
    assertThat(run.status()).as(run.toString()).isEqualTo(200);
    assertThat(run.json().get("status").asString()).as(run.toString()).isEqualTo("succeeded");
    assertThat(run.json().get("usage").get("completion_tokens").asInt()).isEqualTo(6);
    long runId = run.json().get("run_id").asLong();
    JsonNode stored = api.get("/api/v1/runs/" + runId, secret).json();
    assertThat(stored.get("source").asString()).isEqualTo("api");
    assertThat(stored.get("api_key_id").isNull()).as("the run keeps the key: %s", stored).isFalse();
    long childRun = stored.get("nodes").get(1).get("outputs").get("run_id").asLong();
    var childStored = api.get("/api/v1/runs/" + childRun, secret);
    assertThat(childStored.status()).as("the child run is the key's too: %s", childStored).isEqualTo(200);
    assertThat(childStored.json().get("api_key_id").asLong()).isEqualTo(stored.get("api_key_id").asLong());

    var disabled = api.patch("/api/v1/users/" + builderId, tenantAdmin, map("enabled", false));
    assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
    assertProblem(api.post("/api/v1/apps/" + code + "/run", secret, map("inputs", map("topic", "就业"))), 403,
        "run.key_owner_disabled");
    var openai = api.post("/v1/chat/completions", secret, map("model", "app/" + code, "messages",
        List.of(map("role", "user", "content", "问"))));
    assertThat(openai.status()).as("the key may call the app; its run may not act: %s", openai).isEqualTo(403);
    assertThat(openai.json().at("/error/code").asString()).isEqualTo("run.key_owner_disabled");
    assertThat(openai.json().at("/error/message").asString()).contains("creator");
    assertThat(api.get("/api/v1/apps/" + code + "/runs", secret).json().get("items").size())
        .as("a refused run is not stored").isEqualTo(1);
  }
}
