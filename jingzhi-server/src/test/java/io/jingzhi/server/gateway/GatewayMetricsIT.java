package io.jingzhi.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.ServerIT;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway's Prometheus metrics after real calls: histograms, token counters and upstream gauges. */
class GatewayMetricsIT extends ServerIT {

  static Simulator sim;

  @BeforeAll
  static void startSimulator() throws Exception {
    sim = Simulator.start(new SimulatorConfig(10, 2, 8, 0, 0, true, true, 16, List.of("sim-chat")), 0);
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @Test
  void callsShowUpAsHistogramsCountersAndGauges() throws Exception {
    String admin = adminToken();
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    api.post("/api/v1/models", admin, map("name", "metrics-chat", "kind", "chat", "simulated", true,
        "endpoints", List.of(map("url", sim.baseUrl(), "upstream_model", "sim-chat"))));
    long deadEndpoint = api.post("/api/v1/models", admin, map("name", "metrics-dead", "kind", "chat",
        "simulated", true, "endpoints", List.of(map("url", "http://127.0.0.1:" + deadPort + "/v1"))))
        .json().at("/endpoints/0/id").asLong();
    for (boolean stream : new boolean[] {true, false}) {
      var res = api.post("/v1/chat/completions", admin, map("model", "metrics-chat", "stream", stream,
          "messages", List.of(map("role", "user", "content", "你好"))));
      assertThat(res.status()).as(res.toString()).isEqualTo(200);
    }
    String secretName = "client-chosen-" + System.nanoTime();
    assertThat(api.post("/v1/chat/completions", admin, map("model", secretName,
        "messages", List.of(map("role", "user", "content", "x")))).status()).isEqualTo(404);
    for (int i = 0; i < 6; i++) { // enough failures to open the endpoint's circuit breaker
      api.post("/v1/chat/completions", admin, map("model", "metrics-dead",
          "messages", List.of(map("role", "user", "content", "x"))));
    }
    long tenant = fx.rootId();

    var res = api.get("/actuator/prometheus", null);
    assertThat(res.status()).isEqualTo(200);
    String body = res.body();
    for (String histogram : List.of("ttft", "tpot", "request_duration", "overhead", "queue_wait")) {
      assertThat(line(body, "jingzhi_gateway_" + histogram + "_seconds_bucket{", "model=\"metrics-chat\"",
          "status=\"ok\"", "api=\"chat.completions\"")).as(histogram + " histogram buckets").isPresent();
    }
    assertThat(line(body, "jingzhi_gateway_tpot_seconds_count{", "model=\"metrics-chat\""))
        .as("time per output token only for the stream").hasValueSatisfying(l -> assertThat(l).endsWith(" 1"));
    assertThat(line(body, "jingzhi_gateway_request_duration_seconds_count{", "model=\"metrics-chat\"",
        "status=\"ok\"")).hasValueSatisfying(l -> assertThat(l).endsWith(" 2"));
    assertThat(line(body, "jingzhi_gateway_tokens_total{", "model=\"metrics-chat\"", "tenant=\"" + tenant + "\"",
        "type=\"completion\"")).hasValueSatisfying(l -> assertThat(l).endsWith(" 16.0"));
    assertThat(line(body, "jingzhi_gateway_tokens_total{", "type=\"prompt\"", "model=\"metrics-chat\"")).isPresent();
    assertThat(line(body, "jingzhi_gateway_request_duration_seconds_count{", "model=\"other\"",
        "status=\"rejected\"")).as("unknown model names do not become tags").isPresent();
    assertThat(body).doesNotContain(secretName);

    assertThat(line(body, "jingzhi_gateway_in_flight{", "model=\"metrics-chat\""))
        .hasValueSatisfying(l -> assertThat(l).endsWith(" 0.0"));
    assertThat(line(body, "jingzhi_gateway_upstream_health{", "model=\"metrics-chat\""))
        .hasValueSatisfying(l -> assertThat(l).endsWith(" 0.0"));
    assertThat(line(body, "jingzhi_gateway_upstream_health{", "model=\"metrics-dead\"",
        "endpoint=\"" + deadEndpoint + "\"")).as("open breaker").hasValueSatisfying(l -> assertThat(l).endsWith(" 2.0"));
    assertThat(line(body, "jingzhi_gateway_usage_pending{")).isPresent();
  }

  /** The first sample line of the metric carrying all the given labels. */
  static Optional<String> line(String body, String prefix, String... labels) {
    return body.lines().filter(l -> l.startsWith(prefix))
        .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains)).findFirst();
  }
}
