package io.jingzhi.server.agent;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.app.AppDefinitions.RunnableApp;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs on the real workflow engine and node executors, the LLM node calling a simulated model through the gateway;
 * only the apps are registered directly ({@link RegisteredApps}), so this needs the engine merged, not the apps.
 */
@Import(RegisteredApps.class)
class RunEngineIT extends ServerIT {

  static Simulator fast;
  static Simulator stalled;

  @BeforeAll
  static void simulators() throws Exception {
    fast = Simulator.start(new SimulatorConfig(5, 1, 6, 0, 0, true, true, 16, List.of("engine-sim")), 0);
    stalled = Simulator.start(new SimulatorConfig(600_000, 1, 6, 0, 0, true, true, 16, List.of("engine-stall")), 0);
  }

  @AfterAll
  static void stop() {
    fast.close();
    stalled.close();
  }

  @Autowired
  JsonMapper json;

  private static Tenant tenant;
  private static int tenantPort;
  private String dev;

  @BeforeEach
  void world() {
    if (tenant == null || tenantPort != port) {
      String admin = adminToken();
      for (var m : List.of(map("name", "engine-sim", "url", fast.baseUrl()), map("name", "engine-stall", "url",
          stalled.baseUrl()))) {
        var res = api.post("/api/v1/models", admin, map("name", m.get("name"), "kind", "chat", "simulated", true,
            "endpoints", List.of(map("url", m.get("url")))));
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
      }
      tenant = fx.tenant("engine-runs");
      tenantPort = port;
    }
    dev = fx.login(tenant.devName());
  }

  private static Map<String, Object> n(String id, String type, Map<String, Object> config) {
    return map("id", id, "type", type, "title", id, "config", config);
  }

  /** Registers a linear workflow of these nodes as a published app of the tenant. */
  private String app(List<Map<String, Object>> nodes) {
    List<Map<String, Object>> edges = new ArrayList<>();
    for (int i = 1; i < nodes.size(); i++) {
      edges.add(map("source", nodes.get(i - 1).get("id"), "target", nodes.get(i).get("id")));
    }
    WorkflowDefinition definition = json.readerFor(WorkflowDefinition.class)
        .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .readValue((tools.jackson.databind.JsonNode) json.valueToTree(map("format", "jingzhi-workflow/1", "nodes",
            nodes, "edges", edges)));
    String code = unique("eng").replace('-', '_');
    RegisteredApps.APPS.put(code, new RunnableApp(RunFixtures.APP_IDS.incrementAndGet(), code, "应用", "workflow", 1,
        tenant.orgId(), tenant.orgId(), 1, definition, Map.of()));
    return code;
  }

  private static Map<String, Object> start() {
    return n("start", "start", map("inputs", List.of(map("name", "topic", "type", "string"))));
  }

  private List<Map<String, Object>> chat(String model) {
    return List.of(start(), n("tpl", "template", map("template", "主题:{{start.topic}} 问:{{sys.query}}")),
        n("llm", "llm", map("model", model, "prompt", "{{tpl.text}}", "memory", map("turns", 10))),
        n("answer", "answer", map("text", "{{llm.text}}")));
  }

  @Test
  void anLlmWorkflowRunsWithItsWholeTraceStreamsAndRemembersTheConversation() {
    String code = app(chat("engine-sim"));
    var one = api.post("/api/v1/apps/" + code + "/run", dev, map("inputs", map("topic", "社保"), "query", "怎么办"));
    assertThat(one.status()).as(one.toString()).isEqualTo(200);
    assertThat(one.json().get("status").asString()).as(one.toString()).isEqualTo("succeeded");
    assertThat(one.json().get("answer").asString()).isNotBlank();
    assertThat(one.json().get("usage").get("completion_tokens").asInt()).isEqualTo(6);
    var stored = api.get("/api/v1/runs/" + one.json().get("run_id").asLong(), dev).json();
    assertThat(stored.get("nodes").valueStream().map(x -> x.get("node_id").asString()))
        .containsExactly("start", "tpl", "llm", "answer");
    assertThat(stored.get("nodes").valueStream().map(x -> x.get("status").asString())).containsOnly("succeeded");
    assertThat(stored.get("nodes").get(1).get("outputs").get("text").asString()).isEqualTo("主题:社保 问:怎么办");
    assertThat(stored.get("nodes").get(2).get("usage").get("completion_tokens").asInt()).isEqualTo(6);

    var two = api.post("/api/v1/apps/" + code + "/run", dev, map("inputs", map("topic", "社保"), "query", "怎么办",
        "conversation_id", one.json().get("conversation_id").asString(), "stream", true));
    var events = RunFixtures.events(two.body());
    assertThat(events.getFirst().getKey()).isEqualTo("run_started");
    assertThat(events.getLast().getKey()).isEqualTo("run_finished");
    StringBuilder deltas = new StringBuilder();
    events.stream().filter(e -> e.getKey().equals("message")).forEach(e -> deltas.append(e.getValue().get("delta")
        .asString()));
    var finished = events.getLast().getValue();
    assertThat(deltas.toString()).isEqualTo(finished.get("answer").asString());
    assertThat(finished.get("usage").get("prompt_tokens").asInt()).as("the first turn is replayed to the model")
        .isGreaterThan(one.json().get("usage").get("prompt_tokens").asInt() + 8);
  }

  @Test
  void aFailingNodesPolicyIsVisibleInTheTrace() {
    String fallback = app(List.of(start(), map("id", "llm", "type", "llm", "title", "llm", "config",
        map("model", "no-such-model", "prompt", "x"), "policy", map("on_error", "fallback", "fallback",
        map("text", "备用答案"))), n("answer", "answer", map("text", "{{llm.text}}"))));
    var run = api.post("/api/v1/apps/" + fallback + "/run", dev, map()).json();
    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
    assertThat(run.get("answer").asString()).isEqualTo("备用答案");
    var llm = api.get("/api/v1/runs/" + run.get("run_id").asLong(), dev).json().get("nodes").valueStream()
        .filter(x -> x.get("node_id").asString().equals("llm")).findFirst().orElseThrow();
    assertThat(llm.get("status").asString()).isEqualTo("fallback");
    assertThat(llm.get("error").get("code").asString()).isNotBlank();

    String failing = app(List.of(start(), n("llm", "llm", map("model", "no-such-model", "prompt", "x")),
        n("answer", "answer", map("text", "{{llm.text}}"))));
    var failed = api.post("/api/v1/apps/" + failing + "/run", dev, map()).json();
    assertThat(failed.get("status").asString()).isEqualTo("failed");
    assertThat(api.get("/api/v1/runs/" + failed.get("run_id").asLong(), dev).json().get("failed_node").asString())
        .isEqualTo("llm");
  }

  @Test
  void humanInputWaitsAndResumesIntoASubWorkflow() {
    String child = app(List.of(start(), n("answer", "answer", map("text", "子:{{start.topic}}"))));
    String code = app(List.of(start(), n("ask", "human_input", map("prompt", "请填写主题", "fields",
        List.of(map("name", "topic", "type", "string", "required", true)))), n("sub", "sub_workflow", map("app", child,
        "inputs", map("topic", "{{ask.topic}}"))), n("answer", "answer", map("text", "{{sub.answer}}"))));
    var waiting = api.post("/api/v1/apps/" + code + "/run", dev, map()).json();
    assertThat(waiting.get("status").asString()).as(waiting.toString()).isEqualTo("waiting");
    assertThat(waiting.get("waiting").get("node_id").asString()).isEqualTo("ask");
    long id = waiting.get("run_id").asLong();
    assertProblem(api.post("/api/v1/runs/" + id + "/input", dev, map("values", map())), 422, "run.input_invalid");
    var done = api.post("/api/v1/runs/" + id + "/input", dev, map("values", map("topic", "公积金"))).json();
    assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
    assertThat(done.get("answer").asString()).isEqualTo("子:公积金");
    var sub = api.get("/api/v1/runs/" + id, dev).json().get("nodes").valueStream()
        .filter(x -> x.get("node_id").asString().equals("sub")).findFirst().orElseThrow();
    long childRun = sub.get("outputs").get("run_id").asLong();
    assertThat(api.get("/api/v1/runs/" + childRun, dev).json().get("parent_run_id").asLong()).isEqualTo(id);
  }

  @Test
  void aStalledRunIsCancelled() throws Exception {
    String code = app(chat("engine-stall"));
    try (var stream = RunFixtures.Stream.open(port, "/api/v1/apps/" + code + "/run", dev, map("inputs",
        map("topic", "x"), "query", "等", "stream", true))) {
      var cancelled = api.post("/api/v1/runs/" + stream.runId + "/cancel", dev, null);
      assertThat(cancelled.json().get("status").asString()).as(cancelled.toString()).isEqualTo("cancelled");
      assertThat(stream.rest()).contains("event: run_finished").contains("cancelled");
    }
  }
}
