package io.jingzhi.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.JingzhiApplication;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.TestApi;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing the application writes the usage records still in memory: with a flush interval of an hour nothing is
 * stored while the server runs, and everything is stored once it has been closed.
 */
class MeteringShutdownIT {

  @Test
  void closingTheServerStoresEveryPendingUsageRecord() throws Exception {
    String db = "jdbc:h2:mem:shutdown-" + UUID.randomUUID()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    try (Simulator sim = Simulator.start(new SimulatorConfig(5, 1, 8, 0, 0, true, true, 16, List.of("sim-chat")), 0);
        Connection check = DriverManager.getConnection(db, "sa", "")) {
      ConfigurableApplicationContext context = new SpringApplicationBuilder(JingzhiApplication.class).run(
          "--server.port=0", "--spring.datasource.url=" + db,
          "--jingzhi.data-dir=" + Files.createTempDirectory("jingzhi-shutdown-"),
          "--jingzhi.iam.admin-password=" + ServerIT.ADMIN_PASSWORD,
          "--jingzhi.gateway.metering.flush-interval=1h");
      try {
        TestApi api = new TestApi(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
        String admin = api.login("admin", ServerIT.ADMIN_PASSWORD);
        assertThat(api.post("/api/v1/models", admin, Map.of("name", "shutdown-chat", "kind", "chat",
            "simulated", true, "endpoints", List.of(Map.of("url", sim.baseUrl(), "upstream_model", "sim-chat"))))
            .status()).isEqualTo(201);
        for (int i = 0; i < 5; i++) {
          var res = api.post("/v1/chat/completions", admin, Map.of("model", "shutdown-chat", "stream", i % 2 == 0,
              "messages", List.of(Map.of("role", "user", "content", "第" + i + "次"))));
          assertThat(res.status()).as(res.toString()).isEqualTo(200);
        }
        assertThat(count(check)).as("nothing written while running (flush interval of an hour)").isZero();
      } finally {
        context.close();
      }
      assertThat(count(check)).as("written on close").isEqualTo(5);
    }
  }

  private static long count(Connection c) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery("select count(*) from gw_usage where model = 'shutdown-chat'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
