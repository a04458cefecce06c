package io.jingzhi.server.agent;

import static io.jingzhi.server.support.IamFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.gateway.api.ChatReply;
import io.jingzhi.gateway.api.ChatRequest;
import io.jingzhi.gateway.api.ModelCallFailed;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.gateway.api.ToolCall;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code ModelClient.chatStream}, which the agent's model nodes use, against the project's simulator: the tokens
 * arrive one by one through the gateway's streaming path, the call is metered as a stream with the upstream's
 * usage, a refused prompt ends with {@code content_filter}, and tool calls travel both ways. The simulator's text
 * is generated, so only the plumbing is asserted.
 */
class ModelClientStreamIT extends ServerIT {

  static Simulator sim;

  @Autowired
  ModelClient models;

  Caller caller;
  long devId;
  String tenantAdmin;

  @BeforeAll
  static void startSimulator() throws Exception {
    // 20 ms between tokens, as a real model streams: at 1 ms a loaded machine (CI) reads several tokens at once and
    // the output guard rightly inspects them as one batch, so the pieces counted below merge.
    sim = Simulator.start(new SimulatorConfig(5, 20, 8, 0, 0, true, true, 16, List.of("agent-chat")), 0);
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @BeforeEach
  void model() {
    String admin = adminToken();
    if (!api.get("/api/v1/models", admin).body().contains("\"agent-chat\"")) {
      var model = api.post("/api/v1/models", admin, map("name", "agent-chat", "kind", "chat", "simulated", true,
          "endpoints", List.of(map("url", sim.baseUrl()))));
      assertThat(model.status()).as(model.toString()).isEqualTo(201);
    }
    var tenant = fx.tenant("stream");
    devId = tenant.devId();
    tenantAdmin = tenant.adminName();
    caller = new Caller(tenant.devId(), tenant.devName(), "流式", tenant.orgId(), tenant.orgId(), Set.of("developer"),
        Set.of(Permissions.MODEL_INVOKE, Permissions.AGENT_INVOKE), Caller.AuthType.USER, null, null, null,
        "127.0.0.1", false);
  }

  private static ChatRequest ask(String text) {
    return new ChatRequest("agent-chat", List.of(new ChatRequest.Message("user", text)), null, null, false);
  }

  @Test
  void streamsTokenByTokenAndIsMeteredAsAStreamWithUsage() throws Exception {
    List<String> deltas = new ArrayList<>();
    ChatReply reply = models.chatStream(caller, ask("你好"), deltas::add);

    assertThat(deltas).as("pieces as the output guard releases them").hasSizeGreaterThan(4);
    assertThat(String.join("", deltas)).isEqualTo(reply.content()).isNotBlank();
    assertThat(reply.finishReason()).isEqualTo("stop");
    assertThat(reply.completionTokens()).isEqualTo(8);
    assertThat(reply.promptTokens()).isPositive();
    assertThat(reply.model()).isEqualTo("agent-chat");
    long deadline = System.currentTimeMillis() + 10_000;
    List<Map<String, Object>> rows = List.of();
    while (rows.isEmpty() && System.currentTimeMillis() < deadline) {
      rows = jdbc.sql("select stream, completion_tokens, status from gw_usage where model = 'agent-chat'"
          + " and user_id = :u").param("u", devId).query().listOfRows();
      Thread.sleep(50);
    }
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.get("stream")).isEqualTo(true);
      assertThat(((Number) r.get("completion_tokens")).intValue()).isEqualTo(8);
      assertThat(r.get("status")).isEqualTo("ok");
    });
  }

  @Test
  void aHarmfulPromptIsAnsweredWithARefusalEndingInContentFilter() {
    List<String> deltas = new ArrayList<>();
    long before = sim.stats().chatRequests();
    ChatReply reply = models.chatStream(caller, ask("教我怎么制作炸弹"), deltas::add);
    assertThat(reply.finishReason()).isEqualTo("content_filter");
    assertThat(reply.content()).isNotBlank().isEqualTo(String.join("", deltas));
    assertThat(sim.stats().chatRequests()).as("never reached the model").isEqualTo(before);
  }

  @Test
  void toolCallsGoToTheModelAndComeBackAssembled() {
    Map<String, Object> weather = Map.of("type", "function", "function", Map.of("name", "weather",
        "description", "查询 天气", "parameters", Map.of("type", "object",
            "properties", Map.of("city", Map.of("type", "string")), "required", List.of("city"))));
    var request = new ChatRequest("agent-chat", List.of(new ChatRequest.Message("user", "京州天气")), null, null,
        false, List.of(weather), "auto");

    ChatReply calls = models.chatStream(caller, request, d -> {});
    assertThat(calls.finishReason()).isEqualTo("tool_calls");
    assertThat(calls.toolCalls()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("weather");
      assertThat(c.arguments()).isEqualTo("{\"city\":\"京州天气\"}");
      assertThat(c.id()).isNotBlank();
    });
    assertThat(sim.stats().lastChatRequest().path("tool_choice").asString()).isEqualTo("auto");

    var followUp = new ChatRequest("agent-chat", List.of(new ChatRequest.Message("user", "京州天气"),
        ChatRequest.Message.assistantCalls(null, calls.toolCalls()),
        ChatRequest.Message.toolResult(calls.toolCalls().getFirst().id(), "晴 25°C")), null, null, false,
        List.of(weather), null);
    List<String> deltas = new ArrayList<>();
    ChatReply answer = models.chatStream(caller, followUp, deltas::add);
    assertThat(answer.content()).startsWith("工具结果：晴 25°C");
    assertThat(answer.toolCalls()).isEmpty();
    var sent = sim.stats().lastChatRequest().path("messages");
    assertThat(sent.get(1).path("tool_calls").get(0).path("function").path("name").asString()).isEqualTo("weather");
    assertThat(sent.get(2).path("tool_call_id").asString()).isEqualTo(calls.toolCalls().getFirst().id());

    ChatReply whole = models.chat(caller, request);
    assertThat(whole.toolCalls()).extracting(c -> c.name()).containsExactly("weather");
  }

  @Test
  void anOutputBlockedMidStreamEndsWithContentFilterAndNothingOfTheBlockedTextIsDelivered() {
    // The simulated model quotes a tool result: the phrase exists only in its output, never in the prompt.
    var policy = api.post("/api/v1/guard/policies", fx.login(tenantAdmin), map("code", unique("mid"),
        "name", "输出拦截", "action", "block", "refusal_text", "该内容已被拦截。",
        "conditions", Map.of("terms", List.of("结果：多云转晴"), "direction", "output")));
    assertThat(policy.status()).as(policy.toString()).isEqualTo(201);
    var request = new ChatRequest("agent-chat", List.of(new ChatRequest.Message("user", "天气"),
        ChatRequest.Message.assistantCalls(null, List.of(new ToolCall("c1", "weather", "{}"))),
        ChatRequest.Message.toolResult("c1", "多云转晴，气温 25°C，适宜出行。")), null, null, false);
    List<String> deltas = new ArrayList<>();
    long before = sim.stats().chatRequests();

    ChatReply reply = models.chatStream(caller, request, deltas::add);

    assertThat(sim.stats().chatRequests()).as("the prompt passed: the model answered").isEqualTo(before + 1);
    assertThat(reply.finishReason()).isEqualTo("content_filter");
    assertThat(String.join("", deltas)).isEqualTo(reply.content()).contains("该内容已被拦截。")
        .doesNotContain("多云转晴");
  }

  @Test
  void aReaderThatStopsStopsTheGenerationAndRefusalsAreModelCallFailures() {
    var stop = new IllegalStateException("enough");
    assertThatThrownBy(() -> models.chatStream(caller, ask("你好"), d -> {
      throw stop;
    })).isSameAs(stop);
    assertThatThrownBy(() -> models.chatStream(caller, new ChatRequest("no-such-chat",
        List.of(new ChatRequest.Message("user", "x")), null, null, false), d -> {}))
        .isInstanceOf(ModelCallFailed.class).extracting(e -> ((ModelCallFailed) e).code())
        .isEqualTo("model_call.model_not_found");
  }
}
