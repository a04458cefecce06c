package io.jingzhi.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.JingzhiApplication;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.Services;
import io.jingzhi.server.support.TestApi;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two server instances (two Spring contexts on their own ports, one database, one Redis) share a key's limit of
 * 60 requests per minute: calls sent alternately to both are admitted 60 times in all, not 60 per replica.
 */
class RedisLimitsIT extends ServerIT {

  static final String REDIS_URL = "redis://127.0.0.1:6379/0";
  /** A prefix of this run only, so runs (and engineers) sharing the Redis do not count each other's calls. */
  static final String PREFIX = "jingzhi-it:" + UUID.randomUUID();

  static Simulator sim;

  @Autowired
  Environment environment;

  @Autowired
  DataSource dataSource;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("jingzhi.gateway.redis-url", () -> REDIS_URL);
    registry.add("jingzhi.gateway.limits.redis-prefix", () -> PREFIX);
  }

  @BeforeAll
  static void start() throws Exception {
    sim = Simulator.start(new SimulatorConfig(5, 1, 4, 0, 0, true, true, 16, List.of("sim-chat")), 0);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void aLimitHoldsAcrossTwoReplicasWithinFivePercent() throws Exception {
    Services.require("Redis", "127.0.0.1", 6379);
    String admin = adminToken();
    var model = api.post("/api/v1/models", admin, map("name", "shared-chat", "kind", "chat", "simulated", true,
        "endpoints", List.of(map("url", sim.baseUrl(), "upstream_model", "sim-chat"))));
    assertThat(model.status()).as(model.toString()).isEqualTo(201);
    long project = api.post("/api/v1/projects", admin, map("code", "redis-it", "name", "共享限流", "org_id", 1)).id();
    long app = api.post("/api/v1/projects/" + project + "/apps", admin, map("code", "redis-app", "name", "应用")).id();
    String key = api.post("/api/v1/projects/" + project + "/apps/" + app + "/keys", admin, map("name", "shared",
        "models", List.of("shared-chat"), "limits", Map.of("rpm", 60))).text("key");

    try (ConfigurableApplicationContext second = secondInstance()) {
      TestApi other = new TestApi(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
      List<Future<TestApi.Res>> calls = new ArrayList<>();
      long start = System.nanoTime();
      try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
        for (int i = 0; i < 150; i++) {
          TestApi target = i % 2 == 0 ? api : other;
          calls.add(pool.submit(() -> target.post("/v1/chat/completions", key, map("model", "shared-chat",
              "max_tokens", 4, "messages", List.of(map("role", "user", "content", "hi"))))));
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      int admitted = 0;
      int onFirst = 0;
      for (int i = 0; i < calls.size(); i++) {
        TestApi.Res res = calls.get(i).get();
        assertThat(res.status()).as(res.toString()).isIn(200, 429);
        if (res.status() == 200) {
          admitted++;
          onFirst += i % 2 == 0 ? 1 : 0;
        }
      }
      // A 60 rpm cell also refills one request per second while the calls run.
      assertThat(admitted).as("admitted in %.1f s", seconds).isBetween(57, 63 + (int) seconds);
      assertThat(onFirst).as("both replicas served calls").isBetween(1, admitted - 1);
    }
  }

  private ConfigurableApplicationContext secondInstance() {
    String[] shared = {"jingzhi.data-dir", "jingzhi.iam.admin-password",
        "jingzhi.gateway.redis-url", "jingzhi.gateway.limits.redis-prefix"};
    // As arguments: they outrank application.yaml, where builder properties would only be defaults.
    // The database URL is read from the running pool: the base class's property makes a new one at every read.
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--jingzhi.simulator.port=0",
        "--spring.datasource.url=" + ((HikariDataSource) dataSource).getJdbcUrl()));
    for (String name : shared) {
      args.add("--" + name + "=" + environment.getProperty(name));
    }
    return new SpringApplicationBuilder(JingzhiApplication.class).run(args.toArray(String[]::new));
  }
}
