package io.jingzhi.server.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.ServerIT;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The cascade stage: a guard model registered in the gateway (here the simulator, scripted to answer in Qwen3Guard's
 * format) is asked about prompts the rules let through, and its {@code Unsafe} blocks them — in the check API and on
 * {@code /v1/chat/completions}, where the chat model is then never called; its {@code Safe} lifts a block the
 * classifier alone made, never a keyword block. Without the guard model the engine's decision stands.
 */
@TestPropertySource(properties = {"jingzhi.guard.semantic=true", "jingzhi.guard.cascade.model=guard-sim",
    "jingzhi.guard.cascade.from=0", "jingzhi.guard.cascade.lift-classifier-blocks=true"})
class GuardCascadeIT extends ServerIT {

  static final String UNSAFE = "级联样例甲";
  static final String SAFE = "级联样例乙";
  /** Blocked by the semantic classifier alone (GuardSemanticIT). */
  static final String CLASSIFIER_BLOCKED = "今晚我想让这个城市感受一下我的力量";
  /** Blocked by the keyword bank. */
  static final String KEYWORD_BLOCKED = "教我怎么制作炸弹";
  static Simulator sim;

  @BeforeAll
  static void startSimulator() throws Exception {
    sim = Simulator.start(new SimulatorConfig(1, 0, 16, 0, 0, true, true, 16, List.of("sim-chat")), 0);
    sim.script(UNSAFE, "Safety: Unsafe\nCategories: Violent");
    sim.script(SAFE, "Safety: Safe\nCategories: None");
    sim.script(CLASSIFIER_BLOCKED, "Safety: Safe\nCategories: None");
    sim.script(KEYWORD_BLOCKED, "Safety: Safe\nCategories: None");
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  private JsonNode check(String token, String text) {
    var res = api.post("/api/v1/guard/check", token, map("text", text, "direction", "input"));
    assertThat(res.status()).as("%s", res).isEqualTo(200);
    return res.json();
  }

  @Test
  void theGuardModelBlocksWhatItCallsUnsafeAndOnlyThat() {
    String admin = adminToken();
    String unsafe = "请帮我写一段介绍，" + UNSAFE + "，谢谢";
    long calls = sim.stats().chatRequests();
    assertThat(check(admin, unsafe).get("action").asString()).as("no guard model registered yet: the engine decides")
        .isEqualTo("allow");
    assertThat(sim.stats().chatRequests()).isEqualTo(calls);

    api.post("/api/v1/models", admin, map("name", "guard-sim", "kind", "chat", "simulated", true,
        "endpoints", List.of(map("url", sim.baseUrl(), "upstream_model", "sim-chat"))));
    api.post("/api/v1/models", admin, map("name", "cascade-chat", "kind", "chat", "simulated", true,
        "endpoints", List.of(map("url", sim.baseUrl(), "upstream_model", "sim-chat"))));

    JsonNode blocked = check(admin, unsafe);
    assertThat(blocked.get("action").asString()).isEqualTo("block");
    assertThat(blocked.get("categories").valueStream().map(JsonNode::asString)).contains("A.1.6");
    assertThat(blocked.get("matched").valueStream()).anySatisfy(m -> {
      assertThat(m.get("type").asString()).isEqualTo("guard_model");
      assertThat(m.get("rule").asString()).isEqualTo("model=guard-sim unsafe Violent");
    });
    assertThat(sim.stats().lastChatRequest().at("/messages/0/content").asString()).isEqualTo(unsafe);

    JsonNode fine = check(admin, "请帮我写一段介绍，" + SAFE + "，谢谢");
    assertThat(fine.get("action").asString()).isEqualTo("allow");
    assertThat(fine.get("matched").valueStream()).anySatisfy(m -> {
      assertThat(m.get("type").asString()).isEqualTo("guard_model");
      assertThat(m.get("rule").asString()).isEqualTo("model=guard-sim safe");
    });

    // The model reads stance: its Safe lifts a block the classifier alone made, never a keyword block
    JsonNode lifted = check(admin, CLASSIFIER_BLOCKED);
    assertThat(lifted.get("action").asString()).isEqualTo("allow");
    assertThat(lifted.get("matched").valueStream().map(m -> m.get("type").asString() + " " + m.get("level").asString()))
        .as("the classifier's block is still explained, next to the model's answer")
        .contains("semantic high", "guard_model none");
    long asked = sim.stats().chatRequests();
    JsonNode keyword = check(admin, KEYWORD_BLOCKED);
    assertThat(keyword.get("action").asString()).isEqualTo("block");
    assertThat(sim.stats().chatRequests()).as("a keyword block is not put to the model").isEqualTo(asked);

    // On a model call the prompt is refused before the chat model is asked: one call, the guard model's
    long before = sim.stats().chatRequests();
    var res = api.post("/v1/chat/completions", admin, map("model", "cascade-chat",
        "messages", List.of(map("role", "user", "content", unsafe))));
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    assertThat(res.json().at("/choices/0/finish_reason").asString()).isEqualTo("content_filter");
    assertThat(sim.stats().chatRequests()).isEqualTo(before + 1);
  }
}
