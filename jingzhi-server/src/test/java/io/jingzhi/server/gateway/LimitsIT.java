package io.jingzhi.server.gateway;

import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.IamFixtures;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.TestApi;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Limits end to end: the limits API, admission on /v1 with 429 and Retry-After, key limits, quotas. */
class LimitsIT extends ServerIT {

  static Simulator sim;
  static Simulator slow;
  String admin;

  @DynamicPropertySource
  static void capacity(DynamicPropertyRegistry registry) {
    registry.add("jingzhi.gateway.limits.capacity-tps.capped-chat", () -> "100");
    registry.add("jingzhi.gateway.oversubscription-ratio", () -> "1.5");
  }

  @BeforeAll
  static void startSimulators() throws Exception {
    sim = Simulator.start(new SimulatorConfig(10, 1, 8, 0, 0, true, true, 16, List.of("sim-chat")), 0);
    slow = Simulator.start(new SimulatorConfig(1500, 1, 8, 0, 0, true, true, 16, List.of("sim-chat")), 0);
  }

  @AfterAll
  static void stopSimulators() {
    sim.close();
    slow.close();
  }

  @BeforeEach
  void models() {
    admin = adminToken();
    if (!api.get("/api/v1/models", admin).body().contains("\"lim-chat\"")) {
      for (var m : List.of(List.of("lim-chat", sim.baseUrl()), List.of("capped-chat", sim.baseUrl()),
          List.of("slow-chat", slow.baseUrl()))) {
        var res = api.post("/api/v1/models", admin, map("name", m.get(0), "kind", "chat", "simulated", true,
            "endpoints", List.of(map("url", m.get(1), "upstream_model", "sim-chat"))));
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
      }
    }
  }

  /** A project and app in the tenant (created by its admin) and a key on the app. */
  record Setup(long project, long app, String key) {}

  Setup app(String adminToken, long orgId, Map<String, Object> keyLimits) {
    long project = api.post("/api/v1/projects", adminToken, map("code", IamFixtures.unique("lp"), "name", "限流项目",
        "org_id", orgId)).id();
    long app = api.post("/api/v1/projects/" + project + "/apps", adminToken, map("code", IamFixtures.unique("la"),
        "name", "限流应用")).id();
    var key = api.post("/api/v1/projects/" + project + "/apps/" + app + "/keys", adminToken, map("name", "k",
        "models", List.of("lim-chat", "capped-chat", "slow-chat"), "limits", keyLimits));
    assertThat(key.status()).as(key.toString()).isEqualTo(201);
    return new Setup(project, app, key.text("key"));
  }

  TestApi.Res chat(String key, String model) {
    return api.post("/v1/chat/completions", key, map("model", model, "max_tokens", 16,
        "messages", List.of(map("role", "user", "content", "你好"))));
  }

  static void assertRateLimited(TestApi.Res res, String code, String scopeWords) {
    assertThat(res.status()).as(res.toString()).isEqualTo(429);
    assertThat(res.json().at("/error/type").asString()).isEqualTo("rate_limit_error");
    assertThat(res.json().at("/error/code").asString()).isEqualTo(code);
    assertThat(res.json().at("/error/message").asString()).contains(scopeWords);
    assertThat(Long.parseLong(res.header("Retry-After"))).isPositive();
  }

  @Test
  void anAppOverItsRequestsPerMinuteGets429WithRetryAfter() {
    Setup s = app(admin, 1, Map.of());
    var put = api.put("/api/v1/limits/app/" + s.app(), admin, map("rpm", 3));
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertThat(put.json().get("scope").asString()).isEqualTo("app");
    assertThat(put.json().get("rpm").asInt()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(chat(s.key(), "lim-chat").status()).isEqualTo(200);
    }
    var refused = chat(s.key(), "lim-chat");
    assertRateLimited(refused, "rate_limit_exceeded", "app " + s.app());
    assertThat(refused.json().at("/error/message").asString()).contains("rpm");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 20L);

    assertThat(api.delete("/api/v1/limits/app/" + s.app(), admin).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/limits?scope=app&scope_id=" + s.app(), admin).json().size()).isZero();
    assertThat(chat(s.key(), "lim-chat").status()).as("limit removed").isEqualTo(200);
  }

  @Test
  void theKeysOwnLimitsApplyWithoutAnyStoredLimit() {
    Setup s = app(admin, 1, Map.of("rpm", 2));
    assertThat(chat(s.key(), "lim-chat").status()).isEqualTo(200);
    assertThat(chat(s.key(), "lim-chat").status()).isEqualTo(200);
    assertRateLimited(chat(s.key(), "lim-chat"), "rate_limit_exceeded", "API key");
    var embeddings = api.post("/v1/embeddings", s.key(), map("model", "lim-chat", "input", "x"));
    assertThat(embeddings.status()).as("the model's kind is checked before limits: %s", embeddings).isEqualTo(400);
  }

  @Test
  void concurrentRequestsOverTheLimitAreRefusedAndTheSlotComesBack() throws Exception {
    Setup s = app(admin, 1, Map.of("concurrency", 1));
    long before = slow.stats().requests();
    CompletableFuture<TestApi.Res> running = CompletableFuture.supplyAsync(() -> chat(s.key(), "slow-chat"));
    long deadline = System.currentTimeMillis() + 10_000;
    while (slow.stats().requests() == before && System.currentTimeMillis() < deadline) {
      Thread.sleep(10); // until the slow call holds the only slot (it is admitted before it reaches the upstream)
    }
    assertRateLimited(chat(s.key(), "lim-chat"), "rate_limit_exceeded", "concurrent requests");
    assertThat(running.get().status()).isEqualTo(200);
    assertThat(chat(s.key(), "lim-chat").status()).as("slot freed at the end").isEqualTo(200);
  }

  @Test
  void aProjectsDailyTokenQuotaRunsOut() {
    Setup s = app(admin, 1, Map.of());
    api.put("/api/v1/limits/project/" + s.project(), admin, map("daily_tokens", 40, "monthly_tokens", 1_000_000));
    int served = 0;
    TestApi.Res res = chat(s.key(), "lim-chat");
    while (res.status() == 200 && served < 20) {
      served++;
      res = chat(s.key(), "lim-chat");
    }
    assertRateLimited(res, "insufficient_quota", "daily token quota");
    // Each call uses ~8 prompt and 8 completion tokens: the quota is charged with real counts, not max_tokens.
    assertThat(served).isBetween(2, 5);
  }

  @Test
  void tenantAdminsSetTheirProjectsLimitsButNotTheirTenantsNorAnotherTenants() {
    Tenant a = fx.tenant("lim-a");
    Tenant b = fx.tenant("lim-b");
    String aAdmin = fx.login(a.adminName());
    String bAdmin = fx.login(b.adminName());
    Setup inA = app(aAdmin, a.orgId(), Map.of());
    assertThat(api.put("/api/v1/limits/project/" + inA.project(), aAdmin, map("rpm", 100)).status()).isEqualTo(200);
    assertThat(api.put("/api/v1/limits/app/" + inA.app(), aAdmin, map("tpm", 10000)).status()).isEqualTo(200);
    assertProblem(api.put("/api/v1/limits/tenant/" + a.orgId(), aAdmin, map("rpm", 1)), 403,
        "limits.platform_only");
    assertProblem(api.put("/api/v1/limits/project/" + inA.project(), bAdmin, map("rpm", 1)), 404,
        "project.not_found");
    assertProblem(api.delete("/api/v1/limits/app/" + inA.app(), bAdmin), 404, "app.not_found");
    assertProblem(api.get("/api/v1/limits?scope=project&scope_id=" + inA.project(), bAdmin), 404,
        "project.not_found");
    assertProblem(api.put("/api/v1/limits/project/" + inA.project(), fx.login(a.devName()), map("rpm", 1)), 403,
        "permission_denied");
    assertThat(api.get("/api/v1/limits", bAdmin).json().size()).as("B sees none of A's limits").isZero();
    assertThat(api.get("/api/v1/limits", aAdmin).json().size()).isEqualTo(2);
    assertThat(api.get("/api/v1/limits?scope=project&scope_id=" + inA.project(), aAdmin).json().get(0).get("rpm")
        .asInt()).as("unchanged by B").isEqualTo(100);
    var byPlatform = api.put("/api/v1/limits/tenant/" + a.orgId(), admin, map("rpm", 1000, "daily_tokens", 5_000_000));
    assertThat(byPlatform.status()).as(byPlatform.toString()).isEqualTo(200);
    assertThat(jdbc.sql("select count(*) from iam_audit_events where action = 'limits.update'").query(Long.class)
        .single()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void badInputGetsAClearProblemAndChangesNothing() {
    Setup s = app(admin, 1, Map.of());
    String path = "/api/v1/limits/project/" + s.project();
    api.put(path, admin, map("rpm", 50));
    assertThat(fields(assertProblem(api.put(path, admin, map("rpm", "many")), 400, "validation_failed")))
        .containsExactly("rpm");
    assertThat(fields(assertProblem(api.put(path, admin, map("rpm", -1, "tpm", 1.5)), 400, "validation_failed")))
        .containsExactlyInAnyOrder("rpm", "tpm");
    assertThat(fields(assertProblem(api.put(path, admin, map("rps", 5)), 400, "validation_failed")))
        .containsExactly("rps");
    assertThat(fields(assertProblem(api.put(path, admin, map("guaranteed_tps", 5)), 400, "validation_failed")))
        .containsExactly("guaranteed_tps");
    assertProblem(api.put(path, admin, map()), 400, "validation_failed");
    assertProblem(api.put(path, admin, List.of(1, 2)), 400, "validation_failed");
    assertProblem(api.raw("PUT", path, admin, "application/json", "{\"rpm\": "), 400, null);
    assertProblem(api.put("/api/v1/limits/galaxy/1", admin, map("rpm", 1)), 400, "validation_failed");
    assertProblem(api.put("/api/v1/limits/project/abc", admin, map("rpm", 1)), 400, null);
    assertProblem(api.put("/api/v1/limits/project/987654", admin, map("rpm", 1)), 404, "project.not_found");
    Tenant t = fx.tenant("lim-bad");
    var over = assertProblem(api.put("/api/v1/limits/tenant/" + t.orgId(), admin, map("guaranteed_tps", 1000)), 400,
        "limits.oversubscribed");
    assertThat(over.text("detail")).contains("capacity of 100 tokens/s").contains("1.5");
    assertProblem(api.put("/api/v1/limits/tenant/" + t.adminId(), admin, map("rpm", 1)), 404, null);
    assertProblem(api.get("/api/v1/limits?scope=project", admin), 400, "validation_failed");
    assertThat(api.get("/api/v1/limits?scope=project&scope_id=" + s.project(), admin).json().get(0).get("rpm")
        .asInt()).isEqualTo(50);
  }

  @Test
  void aTenantBelowItsGuaranteeGetsThroughASaturatedModelWhileAGreedyTenantWaitsOrGets429() throws Exception {
    Tenant guaranteed = fx.tenant("tps-g");
    Tenant greedy = fx.tenant("tps-x");
    var put = api.put("/api/v1/limits/tenant/" + guaranteed.orgId(), admin, map("guaranteed_tps", 60));
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    String mine = app(fx.login(guaranteed.adminName()), guaranteed.orgId(), Map.of()).key();
    String theirs = app(fx.login(greedy.adminName()), greedy.orgId(), Map.of()).key();
    // capped-chat has a capacity of 100 tokens/s; each call is estimated at its prompt plus 80 tokens.
    List<Future<TestApi.Res>> flood = new ArrayList<>();
    TestApi.Res answer;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 20; i++) {
        flood.add(pool.submit(() -> capped(theirs)));
      }
      Thread.sleep(200); // the greedy tenant's calls are queued by now
      answer = capped(mine);
    }
    assertThat(answer.status()).as("under its guarantee: %s", answer).isEqualTo(200);
    int ok = 0;
    int refused = 0;
    for (Future<TestApi.Res> f : flood) {
      TestApi.Res res = f.get();
      if (res.status() == 200) {
        ok++;
      } else {
        assertRateLimited(res, "rate_limit_exceeded", "at capacity");
        refused++;
      }
    }
    assertThat(ok).as("the greedy tenant is served as capacity frees up").isPositive();
    assertThat(refused).as("the rest waited up to the deadline and got 429").isPositive();
  }

  TestApi.Res capped(String key) {
    return api.post("/v1/chat/completions", key, map("model", "capped-chat", "max_tokens", 80,
        "messages", List.of(map("role", "user", "content", "你好"))));
  }
}
