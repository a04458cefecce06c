package io.jingzhi.server.agent;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.app.AppDefinitions.RunnableApp;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.agent.run.RunRetention;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.TestApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The run side on its own, over a scripted engine and registered apps ({@link ScriptedAgent}): storage and traces,
 * SSE order, failures, masking, rerun, cancel (button and client disconnect), human input and resume, conversations,
 * intervention, sub-workflows, the queue's 429, stats, retention — through the real HTTP API ({@code /v1}: AppModelsIT).
 */
@Import(ScriptedAgent.class)
class RunPlumbingIT extends ServerIT {

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

  @Test
  void aBlockingRunIsStoredWithItsWholeTraceAndMeasured(@Autowired MeterRegistry meters) {
    String code = RunFixtures.echo(tenant);
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

    var timer = meters.find("jingzhi.agent.runs").tag("status", "succeeded").tag("source", "portal").timer();
    assertThat(timer).isNotNull();
    assertThat(timer.count()).isPositive();

    var listed = api.get("/api/v1/apps/" + code + "/runs?limit=5", dev).json();
    assertThat(listed.get("items").get(0).get("id").asLong()).isEqualTo(id);
    assertThat(listed.get("items").get(0).get("nodes").size()).isEqualTo(3);
  }

  @Test
  void sseEventsComeInOrder() {
    String code = RunFixtures.echo(tenant);
    var res = api.post("/api/v1/apps/" + code + "/run", dev, map("query", "流式", "stream", true));
    assertThat(res.status()).isEqualTo(200);
    assertThat(res.header("Content-Type")).startsWith("text/event-stream");
    List<String> names = RunFixtures.events(res.body()).stream().map(e -> e.getKey()).toList();
    assertThat(names.getFirst()).isEqualTo("run_started");
    assertThat(names.getLast()).isEqualTo("run_finished");
    assertThat(names).containsSubsequence("node_started", "node_finished", "node_started", "node_finished",
        "node_started", "message", "message", "node_finished", "run_finished");
    var finished = RunFixtures.events(res.body()).getLast().getValue();
    assertThat(finished.get("status").asString()).isEqualTo("succeeded");
    assertThat(finished.get("answer").asString()).contains("流式");
  }

  @Test
  void aFailingNodeFailsTheRunVisiblyAndSecretsAreMaskedAndValuesCut() {
    String code = RunFixtures.app(tenant, RunFixtures.node("start", "start", "{}"), RunFixtures.node("secret", "secret", "{}"), RunFixtures.node("boom", "fail", "{}"),
        RunFixtures.node("answer", "answer", "{\"text\":\"never\"}"));
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
    String code = RunFixtures.echo(tenant);
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
    String code = RunFixtures.app(tenant, RunFixtures.node("start", "start", "{}"), RunFixtures.node("ask", "human_input",
        "{\"prompt\":\"请确认\",\"fields\":[{\"name\":\"ok\",\"type\":\"boolean\",\"required\":true},"
            + "{\"name\":\"level\",\"type\":\"string\",\"options\":[\"高\",\"低\"]}]}"),
        RunFixtures.node("answer", "answer", "{\"text\":\"收到{{human}}\"}"));
    var first = api.post("/api/v1/apps/" + code + "/run", dev, map("inputs", map(), "query", "请确认")).json();
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
    var last = RunFixtures.events(resumed.body()).getLast();
    assertThat(last.getKey()).isEqualTo("run_finished");
    assertThat(last.getValue().get("status").asString()).isEqualTo("succeeded");
    assertThat(last.getValue().get("answer").asString()).contains("ok=true").contains("level=高");
    assertProblem(api.post("/api/v1/runs/" + id + "/input", dev, map("values", map("ok", true))), 409,
        "run.not_waiting");
    var nodes = api.get("/api/v1/runs/" + id, dev).json().get("nodes");
    assertThat(nodes.valueStream().map(n -> n.get("status").asString())).containsExactly("succeeded", "waiting",
        "succeeded", "succeeded");
    var conversation = api.get("/api/v1/conversations/" + first.get("conversation_id").asString(), dev).json();
    assertThat(conversation.get("turn_count").asInt()).as("a turn that paused counts once: %s", conversation)
        .isEqualTo(conversation.get("turns").size()).isEqualTo(1);
  }

  @Test
  void aWaitingRunCanBeCancelledAndTheCancelIsAudited() {
    String code = RunFixtures.app(tenant, RunFixtures.node("ask", "human_input", "{\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}"));
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
    String code = RunFixtures.app(tenant, RunFixtures.node("start", "start", "{}"), RunFixtures.node("wait", "slow", "{}"));
    RunFixtures.Stream a = RunFixtures.Stream.open(port, "/api/v1/apps/" + code + "/run", dev, map("stream", true));
    RunFixtures.Stream b = RunFixtures.Stream.open(port, "/api/v1/apps/" + code + "/run", dev, map("stream", true));
    RunFixtures.Stream c = RunFixtures.Stream.open(port, "/api/v1/apps/" + code + "/run", dev, map("stream", true));
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
    String quick = RunFixtures.app(tenant, RunFixtures.node("answer", "answer", "{\"text\":\"好\"}"));
    TestApi.Res again = api.post("/api/v1/apps/" + quick + "/run", dev, map());
    while (again.status() == 429 && System.currentTimeMillis() < deadline) { // places return as the workers end
      Thread.sleep(50);
      again = api.post("/api/v1/apps/" + quick + "/run", dev, map());
    }
    assertThat(again.json().get("status").asString()).as("room again once the runs ended").isEqualTo("succeeded");
  }

  @Test
  void conversationsCarryHistoryAndVariablesBetweenTurns() {
    String code = RunFixtures.echo(tenant);
    var one = api.post("/api/v1/apps/" + code + "/run", dev, map("query", "第一问")).json();
    String conv = one.get("conversation_id").asString();
    assertThat(one.get("intervened").asBoolean()).isFalse();
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
    String code = RunFixtures.app(tenant, RunFixtures.node("boom", "fail", "{}"));
    var run = api.post("/api/v1/apps/" + code + "/run", dev, map("query", ScriptedAgent.INTERVENED_QUERY)).json();
    assertThat(run.get("status").asString()).isEqualTo("succeeded");
    assertThat(run.get("answer").asString()).isEqualTo("工作日 9:00–17:00");
    // the run_finished event (also the blocking answer) tells the chat page to mark the answer 已干预
    assertThat(run.get("intervened").asBoolean()).isTrue();
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
    String child = RunFixtures.app(tenant, RunFixtures.node("answer", "answer", "{\"text\":\"子流程 depth={{depth}}\"}"));
    String parent = RunFixtures.app(tenant, RunFixtures.node("call", "sub_workflow", "{\"app\":\"" + child + "\",\"inputs\":{\"q\":\"x\"}}"),
        RunFixtures.node("answer", "answer", "{\"text\":\"父\"}"));
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
    ScriptedAgent.APPS.put(self, new RunnableApp(RunFixtures.APP_IDS.incrementAndGet(), self, "自调用", "workflow", 1,
        tenant.orgId(), tenant.orgId(), 1, new WorkflowDefinition(WorkflowDefinition.CURRENT_FORMAT, List.of(),
        List.of(), List.of(RunFixtures.node("call", "sub_workflow", "{\"app\":\"" + self + "\"}")), List.of()), Map.of()));
    var loop = api.post("/api/v1/apps/" + self + "/run", dev, map()).json();
    assertThat(loop.get("status").asString()).isEqualTo("failed");
    assertThat(loop.get("error").get("code").asString()).isEqualTo("sub_workflow.recursion");
  }

  @Test
  void debugRunsAGivenDefinitionForEditorsOnly() {
    String code = RunFixtures.echo(tenant);
    var def = map("format", "jingzhi-workflow/1", "nodes", List.of(map("id", "answer", "type", "answer", "config",
        map("text", "草稿{{sys.query}}"))));
    var res = api.post("/api/v1/apps/" + code + "/debug", dev, map("definition", def, "query", "调试"));
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    var last = RunFixtures.events(res.body()).getLast().getValue();
    assertThat(last.get("answer").asString()).isEqualTo("草稿调试");
    var stored = api.get("/api/v1/runs/" + last.get("run_id").asLong(), dev).json();
    assertThat(stored.get("source").asString()).isEqualTo("debug");
    assertThat(stored.get("version").asInt()).isZero();
    // The definition it ran was never stored: a rerun could only run something else.
    assertProblem(api.post("/api/v1/runs/" + last.get("run_id").asLong() + "/rerun", dev, map()), 409,
        "run.not_rerunnable");
    assertProblem(api.post("/api/v1/apps/" + code + "/debug", dev, map("definition", map("nodes", List.of()))), 422,
        "workflow.invalid");
    assertProblem(api.post("/api/v1/apps/" + code + "/debug", dev, map("definition", "x")), 400,
        "validation_failed");
    assertProblem(api.post("/api/v1/apps/" + code + "/debug", RunFixtures.reviewer(api, fx, tenant), map()), 403, "permission_denied");
  }

  @Test
  void callersSeeOnlyWhatIsTheirsAndOtherTenantsNothing() {
    String code = RunFixtures.echo(tenant);
    long id = api.post("/api/v1/apps/" + code + "/run", dev, map("query", "私事")).json().get("run_id").asLong();
    String key = RunFixtures.key(api, fx, tenant);
    var byKey = api.post("/api/v1/apps/" + code + "/run", key, map("query", "钥匙"));
    assertThat(byKey.status()).as(byKey.toString()).isEqualTo(200);
    long keyRun = byKey.json().get("run_id").asLong();
    assertThat(api.get("/api/v1/runs/" + keyRun, key).json().get("source").asString()).isEqualTo("api");
    assertProblem(api.get("/api/v1/runs/" + id, key), 404, "run.not_found");
    assertThat(api.get("/api/v1/apps/" + code + "/runs", key).json().get("items").valueStream()
        .map(r -> r.get("id").asLong())).containsExactly(keyRun);
    assertProblem(api.get("/api/v1/apps/" + code + "/stats", key), 403, "user_only");

    String reviewer = RunFixtures.reviewer(api, fx, tenant);
    assertProblem(api.get("/api/v1/runs/" + id, reviewer), 404, "run.not_found");
    assertThat(api.get("/api/v1/apps/" + code + "/runs", reviewer).json().get("items").size()).isZero();
    assertProblem(api.post("/api/v1/apps/" + code + "/run", reviewer, map()), 403, "permission_denied");

    String stranger = fx.login(other.devName());
    assertProblem(api.get("/api/v1/runs/" + id, stranger), 404, "run.not_found");
    assertProblem(api.post("/api/v1/runs/" + id + "/cancel", stranger, null), 404, "run.not_found");
    assertProblem(api.post("/api/v1/runs/" + id + "/rerun", stranger, null), 404, "run.not_found");
    assertProblem(api.post("/api/v1/apps/" + code + "/run", stranger, map()), 404, "app.not_found");
    assertProblem(api.post("/api/v1/apps/" + code + "/run", RunFixtures.key(api, fx, other), map()), 404, "app.not_found");
    assertProblem(api.get("/api/v1/runs/" + keyRun, RunFixtures.key(api, fx, other)), 404, "run.not_found");
  }

  @Test
  void badBodiesAreRefusedNamingTheField() {
    String code = RunFixtures.echo(tenant);
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
    String code = RunFixtures.app(tenant, RunFixtures.node("answer", "answer", "{\"text\":\"好\"}"));
    String failing = RunFixtures.app(tenant, RunFixtures.node("boom", "fail", "{}"));
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
    String code = RunFixtures.echo(tenant);
    long id = api.post("/api/v1/apps/" + code + "/run", dev, map("query", "旧")).json().get("run_id").asLong();
    jdbc.sql("update agent_runs set finished_at = :t where id = :id").param("id", id)
        .param("t", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(100)).update();
    assertThat(retention.purgeExpired()).isGreaterThanOrEqualTo(1);
    var stored = api.get("/api/v1/runs/" + id, dev).json();
    assertThat(stored.get("nodes").size()).isZero();
    assertThat(stored.get("answer").asString()).startsWith("你问:旧");
  }

}
