package io.jingzhi.server.gateway;

import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.IamFixtures;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.TestApi;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Benchmark runs end to end: the real server measures a registered model through its own gateway path, against
 * the project's simulator with known timings (TTFT 50 ms, 5 ms between tokens, 16 tokens). Runs are tiny: the
 * test checks the measuring, not the machine.
 */
class BenchmarkIT extends ServerIT {

  static Simulator sim;
  String admin;

  @BeforeAll
  static void startSimulator() throws Exception {
    sim = Simulator.start(new SimulatorConfig(50, 5, 16, 0, 0, true, true, 16, List.of("sim-bench")), 0);
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @BeforeEach
  void setUp() {
    admin = adminToken();
    if (!api.get("/api/v1/models", admin).body().contains("\"bench-chat\"")) {
      var created = api.post("/api/v1/models", admin, map("name", "bench-chat", "kind", "chat", "simulated", true,
          "endpoints", List.of(map("url", sim.baseUrl(), "upstream_model", "sim-bench"))));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }
  }

  private JsonNode awaitEnd(long id, String token) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode run = api.get("/api/v1/benchmarks/" + id, token).json();
      String status = run.get("status").asString();
      if (!status.equals("queued") && !status.equals("running")) {
        return run;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("benchmark " + id + " did not end in time");
  }

  private TestApi.Res create(String token, Object... fields) {
    return api.post("/api/v1/benchmarks", token, map(fields));
  }

  @Test
  void aConcurrencyRunMeasuresTheModelAsVllmWould() throws Exception {
    long streamsBefore = sim.stats().completedStreams();
    var created = create(admin, "name", "并发 4", "model", "bench-chat", "mode", "concurrency", "concurrency", 4,
        "requests", 20, "warmup_requests", 4, "max_tokens", 64, "slo", map("ttft_ms", 10_000, "e2e_ms", 10_000));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.text("status")).isEqualTo("queued");
    assertThat(created.json().at("/config/stream").asBoolean()).isTrue();

    JsonNode run = awaitEnd(created.id(), admin);
    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
    assertThat(run.get("progress").asDouble()).isEqualTo(1.0);
    assertThat(run.get("started_at").isNull()).isFalse();
    JsonNode r = run.get("results");
    assertThat(r.get("requests").asInt()).isEqualTo(20);
    assertThat(r.get("completed").asInt()).isEqualTo(20);
    assertThat(r.get("failed").asInt()).isZero();
    assertThat(sim.stats().completedStreams() - streamsBefore).as("warm-up requests are sent too").isEqualTo(24);
    assertThat(r.get("total_output_tokens").asLong()).as("usage of 16 tokens each").isEqualTo(320);
    assertThat(r.get("total_input_tokens").asLong()).isPositive();
    double ttft = r.at("/ttft_ms/median").asDouble();
    assertThat(ttft).as("TTFT median near the simulator's 50 ms").isBetween(48.0, 250.0);
    assertThat(r.at("/itl_ms/median").asDouble()).as("ITL near 5 ms").isBetween(3.0, 60.0);
    assertThat(r.at("/tpot_ms/mean").asDouble()).isBetween(3.0, 60.0);
    double e2e = r.at("/e2e_ms/mean").asDouble();
    assertThat(e2e).as("50 ms + 15 × 5 ms").isBetween(120.0, 600.0);
    assertThat(r.at("/e2e_ms/p99").asDouble()).isGreaterThanOrEqualTo(r.at("/e2e_ms/median").asDouble());
    // Four workers back to back: about 4 requests per mean latency, and the tokens follow.
    double expected = 4 / (e2e / 1000);
    assertThat(r.get("request_throughput").asDouble()).isBetween(expected * 0.5, expected * 1.1);
    assertThat(r.get("output_token_throughput").asDouble())
        .isCloseTo(r.get("request_throughput").asDouble() * 16, org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(r.get("goodput").asDouble()).as("every request meets the lenient SLO")
        .isEqualTo(r.get("request_throughput").asDouble());
    JsonNode timeline = run.get("timeline");
    assertThat(timeline.size()).isPositive();
    assertThat(timeline.get(timeline.size() - 1).get("completed").asInt()).isEqualTo(20);

    assertThat(jdbc.sql("select count(*) from iam_sessions where user_agent = :ua and revoked_at is null")
        .param("ua", "jingzhi/benchmark-" + created.id()).query(Long.class).single())
        .as("the run's credential is revoked at its end").isZero();
    assertThat(jdbc.sql("select count(*) from iam_audit_events where action = 'benchmark.create' and target_id = :id")
        .param("id", String.valueOf(created.id())).query(Long.class).single()).isEqualTo(1);

    var listed = api.get("/api/v1/benchmarks?size=5", admin).json();
    assertThat(listed.get("items").get(0).get("id").asLong()).isGreaterThanOrEqualTo(created.id());
    assertThat(listed.get("total").asLong()).isPositive();
  }

  @Test
  void aPoissonRunSendsAtTheGivenRate() throws Exception {
    var created = create(admin, "model", "bench-chat", "mode", "poisson", "rate", 40, "requests", 12,
        "prompt_tokens", 200, "seed", 7);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode run = awaitEnd(created.id(), admin);
    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
    assertThat(run.at("/results/completed").asInt()).isEqualTo(12);
    assertThat(run.at("/results/goodput").isNull()).as("no SLO, no goodput").isTrue();
    assertThat(run.at("/results/total_input_tokens").asLong()).as("about 200 prompt tokens each")
        .isGreaterThan(12 * 150);
    assertThat(run.at("/config/seed").asLong()).isEqualTo(7);
  }

  @Test
  void aRunCanBeCancelledRetriedAndCompared() throws Exception {
    var long_ = create(admin, "model", "bench-chat", "mode", "concurrency", "concurrency", 2, "requests", 5000);
    long id = long_.id();
    long deadline = System.currentTimeMillis() + 20_000;
    while (api.get("/api/v1/benchmarks/" + id, admin).json().get("progress").asDouble() == 0
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    var cancelled = api.post("/api/v1/benchmarks/" + id + "/cancel", admin, null);
    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
    assertThat(cancelled.text("status")).isEqualTo("cancelled");
    JsonNode run = awaitEnd(id, admin);
    assertThat(run.get("status").asString()).isEqualTo("cancelled");
    long until = System.currentTimeMillis() + 5_000;
    while (sim.stats().activeStreams() > 0 && System.currentTimeMillis() < until) {
      Thread.sleep(20);
    }
    assertThat(sim.stats().activeStreams()).as("the workers stopped").isZero();
    Thread.sleep(300);
    assertThat(api.get("/api/v1/benchmarks/" + id, admin).json().get("status").asString()).isEqualTo("cancelled");
    assertProblem(api.post("/api/v1/benchmarks/" + id + "/cancel", admin, null), 409, "benchmark.finished");

    var retried = api.post("/api/v1/benchmarks/" + id + "/retry", admin, null);
    assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
    assertThat(retried.json().get("retry_of").asLong()).isEqualTo(id);
    assertThat(retried.json().at("/config/requests").asInt()).isEqualTo(5000);
    assertThat(api.post("/api/v1/benchmarks/" + retried.id() + "/cancel", admin, null).text("status"))
        .isEqualTo("cancelled");
    awaitEnd(retried.id(), admin);

    long small = create(admin, "model", "bench-chat", "mode", "concurrency", "concurrency", 1, "requests", 3).id();
    awaitEnd(small, admin);
    var compared = api.get("/api/v1/benchmarks/compare?ids=" + small + "," + id, admin);
    assertThat(compared.status()).as(compared.toString()).isEqualTo(200);
    JsonNode items = compared.json().get("items");
    assertThat(items.size()).isEqualTo(2);
    assertThat(items.get(0).get("id").asLong()).isEqualTo(small);
    assertThat(items.get(0).at("/results/completed").asInt()).isEqualTo(3);
    assertThat(items.get(1).get("status").asString()).isEqualTo("cancelled");
    assertProblem(api.get("/api/v1/benchmarks/compare?ids=1,x", admin), 400, "validation_failed");
    assertProblem(api.get("/api/v1/benchmarks/compare?ids=" + small + ",987654", admin), 404, "benchmark.not_found");
  }

  @Test
  void invalidConfigsAndUnknownModelsAreRefusedNamingTheField() {
    assertThat(fields(assertProblem(create(admin, "model", "bench-chat", "mode", "concurrency", "concurrency", 0,
        "requests", 1), 400, "validation_failed"))).containsExactly("concurrency");
    assertThat(fields(assertProblem(create(admin, "model", "bench-chat", "mode", "concurrency", "concurrency", 1,
        "requests", 100_001), 400, "validation_failed"))).containsExactly("requests");
    assertThat(fields(assertProblem(create(admin, "model", "bench-chat", "mode", "poisson", "requests", 1), 400,
        "validation_failed"))).containsExactly("rate");
    assertThat(fields(assertProblem(create(admin, "model", "bench-chat", "mode", "warp", "requests", 1), 400,
        "validation_failed"))).containsExactly("mode");
    assertThat(fields(assertProblem(create(admin, "model", "bench-chat", "mode", "concurrency", "concurrency", "many",
        "requests", 1), 400, "validation_failed"))).containsExactly("concurrency");
    assertThat(fields(assertProblem(create(admin, "model", "no-such-model", "mode", "concurrency", "concurrency", 1,
        "requests", 1), 400, "validation_failed"))).containsExactly("model");
    assertThat(fields(assertProblem(create(admin, "model", "bge-small-zh-v1.5", "mode", "concurrency",
        "concurrency", 1, "requests", 1), 400, "validation_failed"))).containsExactly("model");
    assertProblem(api.raw("POST", "/api/v1/benchmarks", admin, "application/json", "{\"model\": "), 400,
        "malformed_body");
    assertProblem(api.get("/api/v1/benchmarks/987654", admin), 404, "benchmark.not_found");
    assertThat(jdbc.sql("select count(*) from gw_benchmarks where model = 'no-such-model'").query(Long.class)
        .single()).isZero();
  }

  @Test
  void runsAreVisibleToTheCreatorsTenantOnly() throws Exception {
    IamFixtures.Tenant a = fx.tenant("bench-a");
    IamFixtures.Tenant b = fx.tenant("bench-b");
    String aDev = fx.login(a.devName());
    String aAdmin = fx.login(a.adminName());
    String bDev = fx.login(b.devName());
    var created = create(aDev, "model", "bench-chat", "mode", "concurrency", "concurrency", 1, "requests", 2);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    long id = created.id();
    assertThat(created.json().get("created_by").asLong()).isEqualTo(a.devId());
    assertThat(awaitEnd(id, aDev).get("status").asString()).isEqualTo("succeeded");

    assertThat(api.get("/api/v1/benchmarks/" + id, aAdmin).status()).as("the whole tenant sees it").isEqualTo(200);
    assertThat(api.get("/api/v1/benchmarks/" + id, admin).status()).as("platform admins see all").isEqualTo(200);
    assertProblem(api.get("/api/v1/benchmarks/" + id, bDev), 404, "benchmark.not_found");
    assertProblem(api.post("/api/v1/benchmarks/" + id + "/retry", bDev, null), 404, "benchmark.not_found");
    assertProblem(api.get("/api/v1/benchmarks/compare?ids=" + id, bDev), 404, "benchmark.not_found");
    assertThat(api.get("/api/v1/benchmarks?size=500", bDev).json().get("items").valueStream()
        .map(i -> i.get("id").asLong())).doesNotContain(id);
    assertThat(api.get("/api/v1/benchmarks?size=500", aAdmin).json().get("items").valueStream()
        .map(i -> i.get("id").asLong())).contains(id);
  }

}
