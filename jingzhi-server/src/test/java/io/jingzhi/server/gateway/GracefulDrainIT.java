package io.jingzhi.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.JingzhiApplication;
import io.jingzhi.server.support.TestApi;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A stopping server lets the streams it is serving finish before it goes (graceful drain). */
class GracefulDrainIT {

  @Test
  void openStreamsFinishWhenTheServerStops() throws Exception {
    String password = "Admin#Drain-2026";
    try (Simulator sim = Simulator.start(new SimulatorConfig(50, 100, 20, 0, 0, true, true, 16,
        List.of("sim-chat")), 0)) {
      ConfigurableApplicationContext context = new SpringApplicationBuilder(JingzhiApplication.class).run(
          "--server.port=0", "--jingzhi.iam.admin-password=" + password,
          "--jingzhi.data-dir=" + Files.createTempDirectory("jingzhi-drain-"),
          "--jingzhi.gateway.embedded-model=false",
          "--spring.datasource.url=jdbc:h2:mem:drain-" + UUID.randomUUID()
              + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      TestApi api = new TestApi(port);
      String admin = api.login("admin", password);
      assertThat(api.post("/api/v1/models", admin, Map.of("name", "drain-chat", "kind", "chat",
          "endpoints", List.of(Map.of("url", sim.baseUrl(), "upstream_model", "sim-chat")))).status())
          .isEqualTo(201);

      HttpClient http = HttpClient.newHttpClient();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
          .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"drain-chat\",\"stream\":true,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).build();
      CompletableFuture<HttpResponse<String>> stream = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
      long deadline = System.currentTimeMillis() + 10_000;
      while (sim.stats().activeStreams() == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertThat(sim.stats().activeStreams()).as("the stream is under way").isEqualTo(1);
      context.close(); // graceful shutdown: stops accepting, waits for the open stream

      HttpResponse<String> response = stream.get();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("data: [DONE]").doesNotContain("upstream_stream_broken");
      assertThat(sim.stats().completedStreams()).isEqualTo(1);
    }
  }
}
