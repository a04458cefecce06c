package io.jingzhi.server.gateway;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.common.web.RequestIds;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Metering end to end: calls through the gateway to the model simulator, then the usage API (records, summaries,
 * CSV) as a platform administrator and as the users of a tenant.
 */
class MeteringIT extends ServerIT {

  static final int SIM_TOKENS = 16;
  static final JsonMapper JSON = JsonMapper.builder().build();
  static Simulator sim;
  static Simulator silent;

  /** Models, a project/app/key in the root tenant, and a second tenant with its own key. */
  record World(String admin, long rootTenant, long project, String projectName, long app, String appCode,
      long keyId, String keyName, String key, Tenant b, long bProject, String bKey, String bAdmin, String bDev) {}

  private static World shared;
  private static int sharedPort;
  World w;

  @BeforeAll
  static void startSimulators() throws Exception {
    sim = Simulator.start(new SimulatorConfig(20, 2, SIM_TOKENS, 0, 0, true, true, 16, List.of("sim-chat")), 0);
    silent = Simulator.start(new SimulatorConfig(20, 2, SIM_TOKENS, 0, 0, false, true, 16, List.of("sim-chat")), 0);
  }

  @AfterAll
  static void stopSimulators() {
    sim.close();
    silent.close();
    shared = null;
  }

  @BeforeEach
  void world() throws Exception {
    if (shared == null || sharedPort != port) {
      shared = buildWorld();
      sharedPort = port;
    }
    w = shared;
  }

  private World buildWorld() throws Exception {
    String admin = adminToken();
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    List<String> models = List.of("meter-chat", "meter-silent", "meter-dead", "meter-sum", "meter-csv", "meter-b");
    for (String model : models) {
      String url = switch (model) {
        case "meter-silent" -> silent.baseUrl();
        case "meter-dead" -> "http://127.0.0.1:" + deadPort + "/v1";
        default -> sim.baseUrl();
      };
      var created = api.post("/api/v1/models", admin, map("name", model, "kind", "chat", "simulated", true,
          "endpoints", List.of(map("url", url, "upstream_model", "sim-chat"))));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }
    long root = fx.rootId();
    String projectName = "计量项目";
    long project = api.post("/api/v1/projects", admin, map("code", unique("meter"), "name", projectName,
        "org_id", root)).id();
    String appCode = unique("meter-app");
    long app = api.post("/api/v1/projects/" + project + "/apps", admin, map("code", appCode, "name", "计量应用")).id();
    var key = api.post("/api/v1/projects/" + project + "/apps/" + app + "/keys", admin, map("name", "计量密钥",
        "models", models));
    assertThat(key.status()).as(key.toString()).isEqualTo(201);

    Tenant b = fx.tenant("meter-b");
    String bAdmin = fx.login(b.adminName());
    String bDev = fx.login(b.devName());
    long bProject = api.post("/api/v1/projects", bAdmin, map("code", unique("b-proj"), "name", "乙项目",
        "org_id", b.orgId())).id();
    long bApp = api.post("/api/v1/projects/" + bProject + "/apps", bDev, map("code", unique("b-app"),
        "name", "乙应用")).id();
    String bKey = api.post("/api/v1/projects/" + bProject + "/apps/" + bApp + "/keys", bDev, map("name", "乙密钥",
        "models", List.of("meter-b"))).text("key");
    return new World(admin, root, project, projectName, app, appCode, key.id(), "计量密钥", key.text("key"), b,
        bProject, bKey, bAdmin, bDev);
  }

  /** Waits until the writer has stored this many records of the model (it writes at least once a second). */
  void awaitRecords(String model, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (stored(model) < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(stored(model)).as("usage records of %s", model).isEqualTo(count);
  }

  long stored(String model) {
    return jdbc.sql("select count(*) from gw_usage where model = :m").param("m", model).query(Long.class).single();
  }

  io.jingzhi.server.support.TestApi.Res chat(String token, String model, boolean stream) {
    Map<String, Object> body = map("model", model, "stream", stream,
        "messages", List.of(map("role", "user", "content", "请介绍一下住房公积金的提取条件")));
    if (stream) {
      body.put("stream_options", map("include_usage", true));
    }
    return api.post("/v1/chat/completions", token, body);
  }

  JsonNode records(String token, String query) {
    var res = api.get("/api/v1/usage/records?" + query, token);
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    return res.json();
  }

  @Test
  void everyCallIsRecordedWithTheUpstreamsExactTokenCounts() throws Exception {
    var plain = chat(w.key(), "meter-chat", false);
    assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
    JsonNode usage = plain.json().get("usage");
    var streamed = chat(w.key(), "meter-chat", true);
    assertThat(streamed.status()).isEqualTo(200);
    JsonNode streamUsage = streamed.body().lines().filter(l -> l.startsWith("data: {") && l.contains("\"usage\""))
        .map(l -> JSON.readTree(l.substring(6)).get("usage")).filter(u -> u != null && !u.isNull()).findFirst()
        .orElseThrow();
    awaitRecords("meter-chat", 2);

    JsonNode page = records(w.admin(), "model=meter-chat");
    assertThat(page.get("total").asLong()).isEqualTo(2);
    JsonNode latest = page.get("items").get(0);
    JsonNode first = page.get("items").get(1);
    assertThat(latest.get("stream").asBoolean()).isTrue();
    assertThat(latest.get("prompt_tokens").asInt()).isEqualTo(streamUsage.get("prompt_tokens").asInt());
    assertThat(latest.get("completion_tokens").asInt()).isEqualTo(SIM_TOKENS);
    assertThat(first.get("stream").asBoolean()).isFalse();
    assertThat(first.get("prompt_tokens").asInt()).isEqualTo(usage.get("prompt_tokens").asInt());
    assertThat(first.get("completion_tokens").asInt()).isEqualTo(usage.get("completion_tokens").asInt());
    assertThat(first.get("total_tokens").asInt()).isEqualTo(usage.get("total_tokens").asInt());
    assertThat(first.get("request_id").asString()).isEqualTo(plain.header(RequestIds.HEADER));
    for (JsonNode r : page.get("items")) {
      assertThat(r.get("estimated").asBoolean()).isFalse();
      assertThat(r.get("status").asString()).isEqualTo("ok");
      assertThat(r.get("http_status").asInt()).isEqualTo(200);
      assertThat(r.get("api").asString()).isEqualTo("chat.completions");
      assertThat(r.get("tenant_id").asLong()).isEqualTo(w.rootTenant());
      assertThat(r.get("project_id").asLong()).isEqualTo(w.project());
      assertThat(r.get("project_name").asString()).isEqualTo(w.projectName());
      assertThat(r.get("app_id").asLong()).isEqualTo(w.app());
      assertThat(r.get("app_code").asString()).isEqualTo(w.appCode());
      assertThat(r.get("api_key_id").asLong()).isEqualTo(w.keyId());
      assertThat(r.get("key_name").asString()).isEqualTo(w.keyName());
      assertThat(r.get("endpoint_id").isNull()).isFalse();
      assertThat(r.get("ttft_ms").asLong()).isGreaterThanOrEqualTo(15); // the simulator waits 20 ms
      assertThat(r.get("duration_ms").asLong()).isGreaterThanOrEqualTo(r.get("ttft_ms").asLong());
      assertThat(Instant.parse(r.get("at").asString())).isBefore(Instant.now());
    }
  }

  @Test
  void withoutUpstreamUsageTheGatewayCountsTokensAndMarksThemEstimated() throws Exception {
    // The client gets the gateway's count too (it asked for none from the server that reports none).
    assertThat(chat(w.key(), "meter-silent", false).json().at("/usage/completion_tokens").asInt()).isPositive();
    assertThat(chat(w.key(), "meter-silent", true).status()).isEqualTo(200);
    awaitRecords("meter-silent", 2);
    for (JsonNode r : records(w.admin(), "model=meter-silent").get("items")) {
      assertThat(r.get("estimated").asBoolean()).isTrue();
      assertThat(r.get("prompt_tokens").asInt()).isPositive();
      // The simulator generated SIM_TOKENS tokens; the gateway's count of their text comes close.
      assertThat(r.get("completion_tokens").asInt()).isBetween(SIM_TOKENS / 2, SIM_TOKENS * 3);
    }
  }

  @Test
  void failedAndRejectedCallsAreRecordedToo() throws Exception {
    assertThat(chat(w.key(), "meter-dead", false).status()).isGreaterThanOrEqualTo(500);
    String unknown = "no-such-model-" + System.nanoTime();
    assertThat(chat(w.key(), unknown, false).status()).isEqualTo(404);
    awaitRecords("meter-dead", 1);
    awaitRecords(unknown, 1);

    JsonNode failed = records(w.admin(), "model=meter-dead").get("items").get(0);
    assertThat(failed.get("status").asString()).isEqualTo("error");
    assertThat(failed.get("http_status").asInt()).isGreaterThanOrEqualTo(500);
    assertThat(failed.get("completion_tokens").asInt()).isZero();
    JsonNode rejected = records(w.admin(), "model=" + unknown).get("items").get(0);
    assertThat(rejected.get("status").asString()).isEqualTo("rejected");
    assertThat(rejected.get("http_status").asInt()).isEqualTo(404);
    assertThat(records(w.admin(), "model=meter-dead&status=ok").get("total").asLong()).isZero();
    assertThat(records(w.admin(), "status=rejected&model=" + unknown).get("total").asLong()).isEqualTo(1);
  }

  @Test
  void summariesGroupByModelTenantProjectAppKeyDayAndHour() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(chat(w.key(), "meter-sum", i == 0).status()).isEqualTo(200);
    }
    awaitRecords("meter-sum", 3);
    JsonNode byModel = summary(w.admin(), "group_by=model&model=meter-sum");
    assertThat(byModel.get("group_by").asString()).isEqualTo("model");
    assertThat(byModel.get("rows").size()).isEqualTo(1);
    JsonNode row = byModel.get("rows").get(0);
    assertThat(row.get("key").asString()).isEqualTo("meter-sum");
    assertThat(row.get("requests").asLong()).isEqualTo(3);
    assertThat(row.get("errors").asLong()).isZero();
    assertThat(row.get("completion_tokens").asLong()).isEqualTo(3L * SIM_TOKENS);
    assertThat(row.get("total_tokens").asLong())
        .isEqualTo(row.get("prompt_tokens").asLong() + row.get("completion_tokens").asLong());
    assertThat(row.get("estimated_requests").asLong()).isZero();
    assertThat(row.get("avg_ttft_ms").asDouble()).isPositive();
    assertThat(row.get("p95_ttft_ms").asLong()).isPositive();
    assertThat(row.get("avg_duration_ms").asDouble()).isPositive();

    assertThat(single(summary(w.admin(), "group_by=tenant&model=meter-sum")).get("key").asLong())
        .isEqualTo(w.rootTenant());
    assertThat(single(summary(w.admin(), "group_by=project&model=meter-sum")).get("label").asString())
        .isEqualTo(w.projectName());
    assertThat(single(summary(w.admin(), "group_by=app&model=meter-sum")).get("label").asString())
        .isEqualTo(w.appCode());
    assertThat(single(summary(w.admin(), "group_by=key&model=meter-sum")).get("label").asString())
        .isEqualTo(w.keyName());
    JsonNode day = single(summary(w.admin(), "group_by=day&model=meter-sum"));
    assertThat(day.get("key").asString()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
    assertThat(day.get("requests").asLong()).isEqualTo(3);
    JsonNode hour = single(summary(w.admin(), "group_by=hour&model=meter-sum"));
    assertThat(Instant.parse(hour.get("key").asString()).getEpochSecond() % 3600).isZero();

    assertProblem(api.get("/api/v1/usage/summary?group_by=color", w.admin()), 400, "validation_failed");
    assertProblem(api.get("/api/v1/usage/records?status=fine", w.admin()), 400, "validation_failed");
    assertProblem(api.get("/api/v1/usage/records?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z", w.admin()),
        400, "validation_failed");
    assertThat(api.get("/api/v1/usage/records?from=yesterday", w.admin()).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/usage/records?size=100000", w.admin()).status()).isEqualTo(400);
    String past = "from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z&model=meter-sum";
    assertThat(summary(w.admin(), "group_by=model&" + past).get("rows").size()).isZero();
  }

  JsonNode summary(String token, String query) {
    var res = api.get("/api/v1/usage/summary?" + query, token);
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    return res.json();
  }

  static JsonNode single(JsonNode summary) {
    assertThat(summary.get("rows").size()).as(summary.toString()).isEqualTo(1);
    return summary.get("rows").get(0);
  }

  @Test
  void exportsCsvWithAByteOrderMarkAndUtcTimes() throws Exception {
    assertThat(chat(w.key(), "meter-csv", false).status()).isEqualTo(200);
    assertThat(chat(w.key(), "meter-csv", true).status()).isEqualTo(200);
    awaitRecords("meter-csv", 2);
    var res = api.get("/api/v1/usage/export?model=meter-csv", w.admin());
    assertThat(res.status()).isEqualTo(200);
    assertThat(res.header("Content-Type")).startsWith("text/csv");
    assertThat(res.header("Content-Disposition")).contains("attachment").contains(".csv");
    assertThat(res.body()).startsWith("\uFEFFid,at,api,tenant_id");
    List<String> lines = res.body().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).contains(",meter-csv,").contains("," + w.projectName() + ",")
        .contains("," + w.appCode() + ",").contains(",false,false,ok,200,");
    assertThat(lines.get(2)).contains(",false,true,ok,200,");
    String at = lines.get(1).split(",")[1];
    assertThat(at).endsWith("Z");
    assertThat(Instant.parse(at)).isBefore(Instant.now());
  }

  @Test
  void usersOfATenantSeeOnlyTheirTenantsUsage() throws Exception {
    assertThat(chat(w.bKey(), "meter-b", false).status()).isEqualTo(200);
    assertThat(chat(w.key(), "meter-b", false).status()).isEqualTo(200);
    awaitRecords("meter-b", 2);
    long bTenant = w.b().orgId();
    for (String token : new String[] {w.bAdmin(), w.bDev()}) {
      JsonNode mine = records(token, "size=500");
      assertThat(mine.get("items").valueStream().map(r -> r.get("tenant_id").asLong())).containsOnly(bTenant);
      assertThat(mine.get("total").asLong()).isEqualTo(1);
      assertThat(records(token, "tenant_id=" + w.rootTenant()).get("total").asLong()).isZero();
      JsonNode tenants = summary(token, "group_by=tenant");
      assertThat(tenants.get("rows").valueStream().map(r -> r.get("key").asString()))
          .containsExactly(Long.toString(bTenant));
      assertThat(tenants.get("rows").get(0).get("label").asString()).isEqualTo("委办局 " + w.b().code());
      var csv = api.get("/api/v1/usage/export", token).body();
      assertThat(csv.lines().skip(1)).hasSize(1).allSatisfy(l -> assertThat(l).contains(",乙项目,"));
    }
    JsonNode all = summary(w.admin(), "group_by=tenant&model=meter-b");
    assertThat(all.get("rows").valueStream().map(r -> r.get("key").asLong()))
        .containsExactlyInAnyOrder(bTenant, w.rootTenant());
    assertThat(summary(fx.auditor(), "group_by=tenant&model=meter-b").get("rows").size()).isEqualTo(2);

    String reviewerName = unique("meter-rev");
    fx.createUser(w.bAdmin(), reviewerName, bTenant, "reviewer");
    String reviewer = fx.login(reviewerName);
    assertProblem(api.get("/api/v1/usage/records", reviewer), 403, "permission_denied");
    assertProblem(api.get("/api/v1/usage/summary", reviewer), 403, "permission_denied");
    assertProblem(api.get("/api/v1/usage/export", reviewer), 403, "permission_denied");
    assertThat(api.get("/api/v1/usage/records", w.bKey()).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/usage/records", null).status()).isEqualTo(401);
  }
}
