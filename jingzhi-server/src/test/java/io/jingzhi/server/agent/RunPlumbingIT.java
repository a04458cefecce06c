package io.jingzhi.server.agent;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.app.AppDefinitions.RunnableApp;
import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.run.RunRetention;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.definition.VariableSpec;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run side on its own, over a scripted engine and registered apps ({@link ScriptedAgent}): storage and traces,
 * SSE order, failures, masking, rerun, cancel (button and client disconnect), human input and resume, conversations,
 * intervention, sub-workflows, the queue's 429, stats, and the {@code /v1} bridge — through the real HTTP API.
 */
@Import(ScriptedAgent.class)
class RunPlumbingIT extends ServerIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final AtomicLong APP_IDS = new AtomicLong(9000);

  @DynamicPropertySource
  static void smallPool(DynamicPropertyRegistry registry) {
    registry.add("jingzhi.agent.runs.workers", () -> "2");
    registry.add("jingzhi.agent.runs.queue", () -> "1");
    registry.add("jingzhi.agent.runs.max-trace-value-chars", () -> "1000");
  }

  // Built once per server (logins hash passwords and are slow); a subclass on another database gets its own.
  private static Tenant tenant;
  private static Tenant other;
  private static int tenantsPort;
  private String dev;

  @BeforeEach
  void tenants() {
    if (tenant == null || tenantsPort != port) {
      tenant = fx.tenant("runs");
      other = fx.tenant("runs-other");
      tenantsPort = port;
    }
    dev = fx.login(tenant.devName());
  }

  private static NodeSpec node(String id, String type, String config) {
    return new NodeSpec(id, type, id, JSON.readTree(config), null, null);
  }

  /** Registers an app of the tenant with these nodes (in execution order) and a secret environment variable. */
  private static String app(Tenant t, NodeSpec... nodes) {
    String code = unique("app").replace('-', '_');
    var env = List.of(new VariableSpec("TOKEN", VarType.SECRET, null, null, false, "enc:x", null, null));
    var def = new WorkflowDefinition(WorkflowDefinition.CURRENT_FORMAT, env, List.of(), List.of(nodes), List.of());
    ScriptedAgent.APPS.put(code, new RunnableApp(APP_IDS.incrementAndGet(), code, "应用 " + code, "workflow", 1,
        t.orgId(), t.orgId(), 1, def, Map.of("TOKEN", "tok-Secret-123")));
    return code;
  }

  private static String echo(Tenant t) {
    return app(t, node("start", "start", "{}"), node("counter", "counter", "{}"),
        node("answer", "answer", "{\"text\":\"你问:{{sys.query}} 历史{{history}} 轮{{conv.turns}}\"}"));
  }

  @Test
  void aBlockingRunIsStoredWithItsWholeTrace() {
    String code = echo(tenant);
    var res = api.post("/api/v1/apps/" + code + "/run", dev, map("inputs", map("x", 1), "query", "你好"));
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    JsonNode run = res.json();
    assertThat(run.get("status").asString()).isEqualTo("succeeded");
    assertThat(run.get("answer").asString()).isEqualTo("你问:你好 历史0 轮1");
    assertThat(run.get("usage").get("total_tokens").asInt()).isEqualTo(8);
    assertThat(run.get("conversation_id").asString()).isNotBlank();
    long id = run.get("run_id").asLong();

    var stored = api.get("/api/v1/runs/" + id, dev).json();
    assertThat(stored.get("status").asString()).isEqualTo("succeeded");
    assertThat(stored.get("source").asString()).isEqualTo("portal");
    assertThat(stored.get("inputs").get("x").asInt()).isEqualTo(1);
    assertThat(stored.get("nodes").valueStream().map(n -> n.get("node_id").asString()))
        .containsExactly("start", "counter", "answer");
    assertThat(stored.get("nodes").get(2).get("outputs").get("answer").asString()).startsWith("你问");
    assertThat(stored.get("elapsed_ms").isNumber()).isTrue();

    var listed = api.get("/api/v1/apps/" + code + "/runs?limit=5", dev).json();
    assertThat(listed.get("items").get(0).get("id").asLong()).isEqualTo(id);
    assertThat(listed.get("items").get(0).get("nodes").size()).isEqualTo(3);
  }

  @Test
  void sseEventsComeInOrder() {
    String code = echo(tenant);
    var res = api.post("/api/v1/apps/" + code + "/run", dev, map("query", "流式", "stream", true));
    assertThat(res.status()).isEqualTo(200);
    assertThat(res.header("Content-Type")).startsWith("text/event-stream");
    List<String> names = events(res.body()).stream().map(e -> e.getKey()).toList();
    assertThat(names.getFirst()).isEqualTo("run_started");
    assertThat(names.getLast()).isEqualTo("run_finished");
    assertThat(names).containsSubsequence("node_started", "node_finished", "node_started", "node_finished",
        "node_started", "message", "message", "node_finished", "run_finished");
    var finished = events(res.body()).getLast().getValue();
    assertThat(finished.get("status").asString()).isEqualTo("succeeded");
    assertThat(finished.get("answer").asString()).contains("流式");
  }

  @Test
  void aFailingNodeFailsTheRunVisiblyAndSecretsAreMaskedAndValuesCut() {
    String code = app(tenant, node("start", "start", "{}"), node("secret", "secret", "{}"), node("boom", "fail", "{}"),
        node("answer", "answer", "{\"text\":\"never\"}"));
    var run = api.post("/api/v1/apps/" + code + "/run", dev, map("inputs", map())).json();
    assertThat(run.get("status").asString()).isEqualTo("failed");
    assertThat(run.get("error").get("code").asString()).isEqualTo("scripted.failure");
    var stored = api.get("/api/v1/runs/" + run.get("run_id").asLong(), dev);
    assertThat(stored.json().get("failed_node").asString()).isEqualTo("boom");
    var nodes = stored.json().get("nodes");
    assertThat(nodes.valueStream().map(n -> n.get("status").asString())).containsExactly("succeeded", "succeeded",
        "failed");
    assertThat(nodes.get(2).get("error").get("code").asString()).isEqualTo("scripted.failure");
    assertThat(nodes.get(2).get("attempts").asInt()).isEqualTo(2);
    assertThat(stored.body()).doesNotContain("tok-Secret-123");
    assertThat(nodes.get(1).get("inputs").get("authorization").asString()).isEqualTo("******");
    assertThat(nodes.get(1).get("inputs").get("url").asString()).endsWith("k=******");
    assertThat(nodes.get(1).get("outputs").get("long").asString()).hasSizeLessThan(1100).contains("more chars");
  }

  @Test
  void rerunMakesANewRunWithTheSameInputs() {
    String code = echo(tenant);
    long first = api.post("/api/v1/apps/" + code + "/run", dev, map("inputs", map("x", 7), "query", "再来"))
        .json().get("run_id").asLong();
    var again = api.post("/api/v1/runs/" + first + "/rerun", dev, map());
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    long second = again.json().get("run_id").asLong();
    assertThat(second).isNotEqualTo(first);
    var stored = api.get("/api/v1/runs/" + second, dev).json();
    assertThat(stored.get("inputs").get("x").asInt()).isEqualTo(7);
    assertThat(stored.get("query").asString()).isEqualTo("再来");
  }

  @Test
  void humanInputPausesAndResumesWithCheckedValues() {
    String code = app(tenant, node("start", "start", "{}"), node("ask", "human_input",
        "{\"prompt\":\"请确认\",\"fields\":[{\"name\":\"ok\",\"type\":\"boolean\",\"required\":true},"
            + "{\"name\":\"level\",\"type\":\"string\",\"options\":[\"高\",\"低\"]}]}"),
        node("answer", "answer", "{\"text\":\"收到{{human}}\"}"));
    var first = api.post("/api/v1/apps/" + code + "/run", dev, map("inputs", map())).json();
    assertThat(first.get("status").asString()).isEqualTo("waiting");
    assertThat(first.get("waiting").get("node_id").asString()).isEqualTo("ask");
    long id = first.get("run_id").asLong();
    assertThat(api.get("/api/v1/runs/" + id, dev).json().get("waiting").get("form").get("prompt").asString())
        .isEqualTo("请确认");

    var bad = assertProblem(api.post("/api/v1/runs/" + id + "/input", dev, map("values", map("level", "中",
        "extra", 1))), 422, "run.input_invalid");
    assertThat(fields(bad)).containsExactlyInAnyOrder("values.ok", "values.level", "values.extra");
    assertProblem(api.post("/api/v1/runs/" + id + "/input", dev, map("values", "x")), 400, "validation_failed");
    assertThat(api.get("/api/v1/runs/" + id, dev).json().get("status").asString()).isEqualTo("waiting");

    var resumed = api.post("/api/v1/runs/" + id + "/input", dev, map("values", map("ok", true, "level", "高"),
        "stream", true));
    assertThat(resumed.status()).isEqualTo(200);
    var last = events(resumed.body()).getLast();
    assertThat(last.getKey()).isEqualTo("run_finished");
    assertThat(last.getValue().get("status").asString()).isEqualTo("succeeded");
    assertThat(last.getValue().get("answer").asString()).contains("ok=true").contains("level=高");
    assertProblem(api.post("/api/v1/runs/" + id + "/input", dev, map("values", map("ok", true))), 409,
        "run.not_waiting");
    var nodes = api.get("/api/v1/runs/" + id, dev).json().get("nodes");
    assertThat(nodes.valueStream().map(n -> n.get("status").asString())).containsExactly("succeeded", "waiting",
        "succeeded", "succeeded");
  }

  @Test
  void aWaitingRunCanBeCancelledAndTheCancelIsAudited() {
    String code = app(tenant, node("ask", "human_input", "{\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}"));
    long id = api.post("/api/v1/apps/" + code + "/run", dev, map()).json().get("run_id").asLong();
    var cancelled = api.post("/api/v1/runs/" + id + "/cancel", dev, null);
    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
    assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
    assertProblem(api.post("/api/v1/runs/" + id + "/cancel", dev, null), 409, "run.finished");
    assertThat(jdbc.sql("select count(*) from iam_audit_events where action = 'agent.run.cancel' and target_id = :id"
        + " and result = 'success'")
        .param("id", Long.toString(id)).query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void runningRunsStopByButtonOrWhenTheClientLeavesAndAFullQueueAnswers429() throws Exception {
    String code = app(tenant, node("start", "start", "{}"), node("wait", "slow", "{}"));
    Stream a = Stream.open(port, "/api/v1/apps/" + code + "/run", dev, map("stream", true));
    Stream b = Stream.open(port, "/api/v1/apps/" + code + "/run", dev, map("stream", true));
    Stream c = Stream.open(port, "/api/v1/apps/" + code + "/run", dev, map("stream", true));
    assertProblem(api.post("/api/v1/apps/" + code + "/run", dev, map()), 429, "run.queue_full");

    var stopped = api.post("/api/v1/runs/" + a.runId + "/cancel", dev, null);
    assertThat(stopped.json().get("status").asString()).as(stopped.toString()).isEqualTo("cancelled");
    assertThat(a.rest()).contains("event: run_finished").contains("\"status\":\"cancelled\"");

    b.close(); // the client goes away: the next write (a keep-alive at the latest) fails and the run stops
    long deadline = System.currentTimeMillis() + 60_000;
    String status = "running";
    while (!status.equals("cancelled") && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      status = api.get("/api/v1/runs/" + b.runId, dev).json().get("status").asString();
    }
    assertThat(status).isEqualTo("cancelled");
    api.post("/api/v1/runs/" + c.runId + "/cancel", dev, null);
    String quick = app(tenant, node("answer", "answer", "{\"text\":\"好\"}"));
    TestApi.Res again = api.post("/api/v1/apps/" + quick + "/run", dev, map());
    while (again.status() == 429 && System.currentTimeMillis() < deadline) { // places return as the workers end
      Thread.sleep(50);
      again = api.post("/api/v1/apps/" + quick + "/run", dev, map());
    }
    assertThat(again.json().get("status").asString()).as("room again once the runs ended").isEqualTo("succeeded");
  }

  @Test
  void conversationsCarryHistoryAndVariablesBetweenTurns() {
    String code = echo(tenant);
    var one = api.post("/api/v1/apps/" + code + "/run", dev, map("query", "第一问")).json();
    String conv = one.get("conversation_id").asString();
    var two = api.post("/api/v1/apps/" + code + "/run", dev, map("query", "第二问", "conversation_id", conv)).json();
    assertThat(two.get("answer").asString()).isEqualTo("你问:第二问 历史1 轮2");
    assertThat(two.get("conversation_id").asString()).isEqualTo(conv);
    var list = api.get("/api/v1/apps/" + code + "/conversations", dev).json();
    assertThat(list.valueStream().map(c -> c.get("id").asString())).containsExactly(conv);
    var turns = api.get("/api/v1/conversations/" + conv, dev).json().get("turns");
    assertThat(turns.valueStream().map(t -> t.get("query").asString())).containsExactly("第一问", "第二问");
    assertProblem(api.get("/api/v1/conversations/" + conv, fx.login(other.devName())), 404,
        "conversation.not_found");
    assertProblem(api.post("/api/v1/apps/" + code + "/run", dev, map("query", "x", "conversation_id", "nope")), 404,
        "conversation.not_found");
  }

  @Test
  void anInterventionAnswersWithoutRunningAndIsTraced() {
    String code = app(tenant, node("boom", "fail", "{}"));
    var run = api.post("/api/v1/apps/" + code + "/run", dev, map("query", ScriptedAgent.INTERVENED_QUERY)).json();
    assertThat(run.get("status").asString()).isEqualTo("succeeded");
    assertThat(run.get("answer").asString()).isEqualTo("工作日 9:00–17:00");
    var stored = api.get("/api/v1/runs/" + run.get("run_id").asLong(), dev).json();
    assertThat(stored.get("intervened").asBoolean()).isTrue();
    assertThat(stored.get("source").asString()).isEqualTo("portal");
    var trace = stored.get("nodes");
    assertThat(trace.size()).isEqualTo(1);
    assertThat(trace.get(0).get("type").asString()).isEqualTo("intervention");
    assertThat(trace.get(0).get("details").get("kind").asString()).isEqualTo("qa");
    assertThat(trace.get(0).get("details").get("id").asLong()).isEqualTo(42);
    assertThat(trace.get(0).get("details").get("similarity").asDouble()).isEqualTo(0.97);
  }

  @Test
  void aSubWorkflowRunsTheOtherAppAsAChildRun() {
    String child = app(tenant, node("answer", "answer", "{\"text\":\"子流程 depth={{depth}}\"}"));
    String parent = app(tenant, node("call", "sub_workflow", "{\"app\":\"" + child + "\",\"inputs\":{\"q\":\"x\"}}"),
        node("answer", "answer", "{\"text\":\"父\"}"));
    var run = api.post("/api/v1/apps/" + parent + "/run", dev, map()).json();
    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
    long id = run.get("run_id").asLong();
    var call = api.get("/api/v1/runs/" + id, dev).json().get("nodes").get(0);
    long childId = call.get("outputs").get("run_id").asLong();
    assertThat(call.get("outputs").get("answer").asString()).isEqualTo("子流程 depth=1");
    var childRun = api.get("/api/v1/runs/" + childId, dev).json();
    assertThat(childRun.get("parent_run_id").asLong()).isEqualTo(id);
    assertThat(childRun.get("source").asString()).isEqualTo("sub");
    assertThat(childRun.get("inputs").get("q").asString()).isEqualTo("x");
    assertThat(run.get("usage").get("total_tokens").asInt()).as("the child's tokens count").isEqualTo(16);

    String self = unique("self").replace('-', '_');
    ScriptedAgent.APPS.put(self, new RunnableApp(APP_IDS.incrementAndGet(), self, "自调用", "workflow", 1,
        tenant.orgId(), tenant.orgId(), 1, new WorkflowDefinition(WorkflowDefinition.CURRENT_FORMAT, List.of(),
        List.of(), List.of(node("call", "sub_workflow", "{\"app\":\"" + self + "\"}")), List.of()), Map.of()));
    var loop = api.post("/api/v1/apps/" + self + "/run", dev, map()).json();
    assertThat(loop.get("status").asString()).isEqualTo("failed");
    assertThat(loop.get("error").get("code").asString()).isEqualTo("sub_workflow.recursion");
  }

  @Test
  void debugRunsAGivenDefinitionForEditorsOnly() {
    String code = echo(tenant);
    var def = map("format", "jingzhi-workflow/1", "nodes", List.of(map("id", "answer", "type", "answer", "config",
        map("text", "草稿{{sys.query}}"))));
    var res = api.post("/api/v1/apps/" + code + "/debug", dev, map("definition", def, "query", "调试"));
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    var last = events(res.body()).getLast().getValue();
    assertThat(last.get("answer").asString()).isEqualTo("草稿调试");
    var stored = api.get("/api/v1/runs/" + last.get("run_id").asLong(), dev).json();
    assertThat(stored.get("source").asString()).isEqualTo("debug");
    assertThat(stored.get("version").asInt()).isZero();
    assertProblem(api.post("/api/v1/apps/" + code + "/debug", dev, map("definition", map("nodes", List.of()))), 422,
        "workflow.invalid");
    assertProblem(api.post("/api/v1/apps/" + code + "/debug", dev, map("definition", "x")), 400,
        "validation_failed");
    assertProblem(api.post("/api/v1/apps/" + code + "/debug", reviewer(), map()), 403, "permission_denied");
  }

  @Test
  void callersSeeOnlyWhatIsTheirsAndOtherTenantsNothing() {
    String code = echo(tenant);
    long id = api.post("/api/v1/apps/" + code + "/run", dev, map("query", "私事")).json().get("run_id").asLong();
    String key = key(tenant);
    var byKey = api.post("/api/v1/apps/" + code + "/run", key, map("query", "钥匙"));
    assertThat(byKey.status()).as(byKey.toString()).isEqualTo(200);
    long keyRun = byKey.json().get("run_id").asLong();
    assertThat(api.get("/api/v1/runs/" + keyRun, key).json().get("source").asString()).isEqualTo("api");
    assertProblem(api.get("/api/v1/runs/" + id, key), 404, "run.not_found");
    assertThat(api.get("/api/v1/apps/" + code + "/runs", key).json().get("items").valueStream()
        .map(r -> r.get("id").asLong())).containsExactly(keyRun);
    assertProblem(api.get("/api/v1/apps/" + code + "/stats", key), 403, "user_only");

    String reviewer = reviewer();
    assertProblem(api.get("/api/v1/runs/" + id, reviewer), 404, "run.not_found");
    assertThat(api.get("/api/v1/apps/" + code + "/runs", reviewer).json().get("items").size()).isZero();
    assertProblem(api.post("/api/v1/apps/" + code + "/run", reviewer, map()), 403, "permission_denied");

    String stranger = fx.login(other.devName());
    assertProblem(api.get("/api/v1/runs/" + id, stranger), 404, "run.not_found");
    assertProblem(api.post("/api/v1/runs/" + id + "/cancel", stranger, null), 404, "run.not_found");
    assertProblem(api.post("/api/v1/runs/" + id + "/rerun", stranger, null), 404, "run.not_found");
    assertProblem(api.post("/api/v1/apps/" + code + "/run", stranger, map()), 404, "app.not_found");
    assertProblem(api.post("/api/v1/apps/" + code + "/run", key(other), map()), 404, "app.not_found");
    assertProblem(api.get("/api/v1/runs/" + keyRun, key(other)), 404, "run.not_found");
  }

  @Test
  void badBodiesAreRefusedNamingTheField() {
    String code = echo(tenant);
    assertThat(fields(assertProblem(api.post("/api/v1/apps/" + code + "/run", dev, map("inputs", List.of(1))), 400,
        "validation_failed"))).containsExactly("inputs");
    assertThat(fields(assertProblem(api.post("/api/v1/apps/" + code + "/run", dev, map("query", 5)), 400,
        "validation_failed"))).containsExactly("query");
    assertThat(fields(assertProblem(api.post("/api/v1/apps/" + code + "/run", dev, map("version", "latest")), 400,
        "validation_failed"))).containsExactly("version");
    assertThat(fields(assertProblem(api.post("/api/v1/apps/" + code + "/run", dev, map("stream", "yes")), 400,
        "validation_failed"))).containsExactly("stream");
    assertThat(api.raw("POST", "/api/v1/apps/" + code + "/run", dev, "application/json", "{\"inputs\":").status())
        .isEqualTo(400);
    assertProblem(api.get("/api/v1/runs/987654321", dev), 404, "run.not_found");
    assertProblem(api.get("/api/v1/apps/" + code + "/runs?limit=0", dev), 400, "validation_failed");
    assertProblem(api.get("/api/v1/apps/" + code + "/runs?status=odd", dev), 400, "validation_failed");
    assertProblem(api.get("/api/v1/apps/" + code + "/stats?from=yesterday", dev), 400, "validation_failed");
  }

  @Test
  void statsCountCallsErrorsTokensAndUsers() {
    String code = app(tenant, node("answer", "answer", "{\"text\":\"好\"}"));
    String failing = app(tenant, node("boom", "fail", "{}"));
    api.post("/api/v1/apps/" + code + "/run", dev, map());
    api.post("/api/v1/apps/" + code + "/run", dev, map());
    api.post("/api/v1/apps/" + code + "/run", fx.login(tenant.adminName()), map());
    var stats = api.get("/api/v1/apps/" + code + "/stats", dev);
    assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
    assertThat(stats.json().get("calls").asLong()).isEqualTo(3);
    assertThat(stats.json().get("errors").asLong()).isZero();
    assertThat(stats.json().get("tokens").asLong()).isEqualTo(24);
    assertThat(stats.json().get("distinct_users").asLong()).isEqualTo(2);
    assertThat(stats.json().get("p50_ms").isNumber()).isTrue();
    assertThat(stats.json().get("days").size()).isEqualTo(1);
    assertThat(stats.json().get("days").get(0).get("calls").asLong()).isEqualTo(3);
    api.post("/api/v1/apps/" + failing + "/run", dev, map());
    assertThat(api.get("/api/v1/apps/" + failing + "/stats", dev).json().get("errors").asLong()).isEqualTo(1);
  }

  @Test
  void tracesOlderThanTheRetentionAreDroppedAndTheRunsKept(@Autowired RunRetention retention) {
    String code = echo(tenant);
    long id = api.post("/api/v1/apps/" + code + "/run", dev, map("query", "旧")).json().get("run_id").asLong();
    jdbc.sql("update agent_runs set finished_at = :t where id = :id").param("id", id)
        .param("t", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(100)).update();
    assertThat(retention.purgeExpired()).isGreaterThanOrEqualTo(1);
    var stored = api.get("/api/v1/runs/" + id, dev).json();
    assertThat(stored.get("nodes").size()).isZero();
    assertThat(stored.get("answer").asString()).startsWith("你问:旧");
  }

  @Test
  void appsAreModelsOnTheOpenAiApi() {
    String code = echo(tenant);
    String key = key(tenant);
    var models = api.get("/v1/models", key).json().get("data");
    assertThat(models.valueStream().filter(m -> m.get("id").asString().equals("app/" + code))
        .map(m -> m.get("owned_by").asString())).containsExactly("jingzhi-app");
    assertThat(api.get("/v1/models", key(other)).body()).doesNotContain("app/" + code);

    var plain = api.post("/v1/chat/completions", key, map("model", "app/" + code, "messages", List.of(
        map("role", "user", "content", "早"), map("role", "assistant", "content", "早上好"),
        map("role", "user", "content", "今天办什么"))));
    assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
    var body = plain.json();
    assertThat(body.get("object").asString()).isEqualTo("chat.completion");
    assertThat(body.get("id").asString()).startsWith("chatcmpl-run-");
    assertThat(body.get("choices").get(0).get("message").get("content").asString())
        .isEqualTo("你问:今天办什么 历史1 轮1");
    assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(8);
    long runId = Long.parseLong(body.get("id").asString().substring("chatcmpl-run-".length()));
    assertThat(api.get("/api/v1/runs/" + runId, key).json().get("source").asString()).isEqualTo("openai");

    var streamed = api.post("/v1/chat/completions", key, map("model", "app/" + code, "stream", true,
        "stream_options", map("include_usage", true), "messages", List.of(map("role", "user", "content", "流"))));
    assertThat(streamed.status()).isEqualTo(200);
    List<String> data = streamed.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertThat(data.getLast()).isEqualTo("[DONE]");
    var chunks = data.subList(0, data.size() - 1).stream().map(JSON::readTree).toList();
    assertThat(chunks.getFirst().get("choices").get(0).get("delta").get("role").asString()).isEqualTo("assistant");
    StringBuilder text = new StringBuilder();
    chunks.forEach(c -> {
      if (c.get("choices").size() > 0 && c.get("choices").get(0).get("delta").has("content")) {
        text.append(c.get("choices").get(0).get("delta").get("content").asString());
      }
    });
    assertThat(text.toString()).isEqualTo("你问:流 历史0 轮1");
    assertThat(chunks.get(chunks.size() - 2).get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");
    assertThat(chunks.getLast().get("usage").get("total_tokens").asInt()).isEqualTo(8);
    assertThat(chunks.stream().map(c -> c.get("id").asString()).distinct()).hasSize(1);

    var unknown = api.post("/v1/chat/completions", key, map("model", "app/nope", "messages", List.of(map("role",
        "user", "content", "x"))));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").get("code").asString()).isEqualTo("model_not_found");
    var foreign = api.post("/v1/chat/completions", key(other), map("model", "app/" + code, "messages",
        List.of(map("role", "user", "content", "x"))));
    assertThat(foreign.status()).isEqualTo(404);
  }

  private String reviewer() {
    String name = unique("rev");
    fx.createUser(fx.login(tenant.adminName()), name, tenant.orgId(), "reviewer");
    return fx.login(name);
  }

  /** A fresh API key of an app of the tenant. */
  private String key(Tenant t) {
    String admin = fx.login(t.adminName());
    long project = api.post("/api/v1/projects", admin, map("code", unique("p"), "name", "项目", "org_id", t.orgId()))
        .id();
    long app = api.post("/api/v1/projects/" + project + "/apps", admin, map("code", unique("k"), "name", "k")).id();
    return api.post("/api/v1/projects/" + project + "/apps/" + app + "/keys", admin, map("name", "k")).text("key");
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
}
