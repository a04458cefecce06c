package io.jingzhi.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.ServerIT;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stream pacing switched fully on (any measured lag counts as overload): a stream pauses after each flush and relays
 * what arrived meanwhile at once, through the output guard, without losing, reordering or unmasking anything.
 */
@TestPropertySource(properties = {"jingzhi.gateway.pacing.lag-low=0ms", "jingzhi.gateway.pacing.lag-high=1ns",
    "jingzhi.gateway.pacing.max-pause=60ms"})
class StreamPacingIT extends ServerIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String REPLY = "您好，办理社会保障卡需要携带本人身份证原件，到任意一个社保经办网点填写申请表即可。";
  static Simulator sim;

  @BeforeAll
  static void startSimulator() throws Exception {
    // one token (character) every 10 ms: a 60 ms pause lets several arrive
    sim = Simulator.start(new SimulatorConfig(5, 10, 64, 0, 0, true, true, 16, List.of("sim-chat")), 0);
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  /** What a client got from one streamed completion of {@code reply} on a freshly registered model. */
  private record Streamed(String body, String content, int contentEvents, long completionTokens) {}

  private Streamed stream(String model, String reply, String question) {
    String admin = adminToken();
    api.post("/api/v1/models", admin, map("name", model, "kind", "chat", "simulated", true,
        "endpoints", List.of(map("url", sim.baseUrl(), "upstream_model", "sim-chat"))));
    var res = api.post("/v1/chat/completions", admin, map("model", model, "stream", true,
        "stream_options", Map.of("include_usage", true), "metadata", Map.of("sim_reply", reply),
        "messages", List.of(map("role", "user", "content", question))));
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    StringBuilder content = new StringBuilder();
    int events = 0;
    long completionTokens = -1;
    for (String line : res.body().lines().filter(l -> l.startsWith("data: {")).toList()) {
      JsonNode event = JSON.readTree(line.substring(6));
      for (JsonNode c : event.path("choices")) {
        String piece = c.path("delta").path("content").asString("");
        if (!piece.isEmpty()) {
          content.append(piece);
          events++;
        }
      }
      if (event.path("usage").isObject()) {
        completionTokens = event.path("usage").path("completion_tokens").asLong();
      }
    }
    return new Streamed(res.body(), content.toString(), events, completionTokens);
  }

  @Test
  void aPacedStreamCarriesEveryTokenInOrderInFewerEvents() {
    Streamed s = stream("paced-chat", REPLY, "社保卡怎么办？");
    assertThat(s.content()).isEqualTo(REPLY);
    assertThat(s.completionTokens()).as("usage is the upstream's, not the events'").isEqualTo(REPLY.length());
    assertThat(s.contentEvents()).as("tokens that arrived during a pause left together")
        .isLessThan(REPLY.length() / 2);
    assertThat(s.body()).endsWith("data: [DONE]\n\n");
  }

  @Test
  void aPhoneNumberSplitAcrossPacedEventsIsStillMasked() {
    Streamed s = stream("paced-chat-2", "如有疑问请拨打13800138000咨询，工作日均可办理。", "怎么咨询？");
    assertThat(s.content()).doesNotContain("13800138000").startsWith("如有疑问请拨打").contains("咨询，工作日均可办理。");
  }
}
