package io.jingzhi.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SimulatorTest extends RunningSimulator {

  @Test
  void streamsOpenAiChunksWithUsageAndDone() throws Exception {
    var res = post("/v1/chat/completions", """
        {"model":"sim-chat","stream":true,"stream_options":{"include_usage":true},
         "messages":[{"role":"user","content":"你好"}]}""");
    List<String> events = res.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertThat(events.getLast()).isEqualTo("[DONE]");
    JsonNode usage = Simulator.JSON.readTree(events.get(events.size() - 2)).get("usage");
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(6);
    assertThat(events).hasSize(6 + 1 + 1 + 1); // tokens, finish, usage, done
    assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
  }

  @Test
  void sendsEachEventWithoutWaitingForTheClientsAck() {
    // Nagle's algorithm would hold each small token event until the previous one is acknowledged (see Simulator).
    assertThat(System.getProperty(Simulator.NO_DELAY)).isEqualTo("true");
  }

  @Test
  void honoursMaxTokensAndReportsLength() throws Exception {
    var res = post("/v1/chat/completions", """
        {"model":"sim-chat","max_tokens":2,"messages":[{"role":"user","content":"hi"}]}""");
    JsonNode body = Simulator.JSON.readTree(res.body());
    assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("length");
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(2);
  }

  @Test
  void generatesAScriptedReplyOneCharacterAToken() throws Exception {
    var res = post("/v1/chat/completions", """
        {"model":"sim-chat","stream":true,"metadata":{"sim_reply":"炸药配方😀"},
         "messages":[{"role":"user","content":"你好"}]}""");
    List<String> deltas = res.body().lines().filter(l -> l.startsWith("data: {"))
        .map(l -> Simulator.JSON.readTree(l.substring(6)).at("/choices/0/delta/content").asString(""))
        .filter(s -> !s.isEmpty()).toList();
    assertThat(deltas).containsExactly("炸", "药", "配", "方", "😀");
    assertThat(sim.stats().lastChatRequest().at("/messages/0/content").asString()).isEqualTo("你好");
    var whole = post("/v1/chat/completions", """
        {"model":"sim-chat","metadata":{"sim_reply":"你好呀"},"messages":[{"role":"user","content":"hi"}]}""");
    assertThat(Simulator.JSON.readTree(whole.body()).at("/choices/0/message/content").asString()).isEqualTo("你好呀");
  }

  @Test
  void answersScriptedRepliesByTheLastUserMessage() throws Exception {
    sim.script("最年轻", "```sql\nSELECT name FROM singer ORDER BY age LIMIT 1\n```");
    sim.script("执行出错", "```sql\nSELECT 1\n```");
    var first = post("/v1/chat/completions", """
        {"model":"sim-chat","messages":[{"role":"system","content":"执行出错 is only in the system text"},
         {"role":"user","content":"问题：最年轻的歌手是谁？"}]}""");
    assertThat(Simulator.JSON.readTree(first.body()).at("/choices/0/message/content").asString())
        .isEqualTo("```sql\nSELECT name FROM singer ORDER BY age LIMIT 1\n```");
    var repair = post("/v1/chat/completions", """
        {"model":"sim-chat","messages":[{"role":"user","content":"问题：最年轻的歌手是谁？"},
         {"role":"assistant","content":"..."},{"role":"user","content":"执行出错：no such column"}]}""");
    assertThat(Simulator.JSON.readTree(repair.body()).at("/choices/0/message/content").asString())
        .isEqualTo("```sql\nSELECT 1\n```");
    var put = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/sim/scripts"))
        .PUT(HttpRequest.BodyPublishers.ofString("{\"天气\":\"晴\"}")).build();
    assertThat(http.send(put, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    var other = post("/v1/chat/completions", """
        {"model":"sim-chat","messages":[{"role":"user","content":"最年轻的歌手"}]}""");
    assertThat(Simulator.JSON.readTree(other.body()).at("/choices/0/message/content").asString())
        .as("replaced scripts: generated text again").doesNotContain("SELECT");
    sim.clearScripts();
  }

  @Test
  void failsOnDemandAndRejectsUnknownModels() throws Exception {
    assertThat(post("/v1/chat/completions", "{\"model\":\"sim-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
        "X-Sim-Fail", "true").statusCode()).isEqualTo(500);
    assertThat(post("/v1/chat/completions", "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
        .statusCode()).isEqualTo(404);
    assertThat(post("/v1/chat/completions", "{not json").statusCode()).isEqualTo(400);
  }

  @Test
  void countsAStreamTheClientAbandons() throws Exception {
    sim.configure(SimulatorConfig.defaults().withTiming(0, 30, 200));
    var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/v1/chat/completions"))
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"sim-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).build();
    try (InputStream in = http.send(req, HttpResponse.BodyHandlers.ofInputStream()).body()) {
      assertThat(in.read(new byte[64])).isPositive();
    }
    long deadline = System.currentTimeMillis() + 5000;
    while (sim.stats().cancelledStreams() == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(sim.stats().cancelledStreams()).isEqualTo(1);
    assertThat(sim.stats().completedStreams()).isZero();
  }

  private static final String WEATHER_TOOLS = """
      "tools":[{"type":"function","function":{"name":"get_time","description":"当前时间",
        "parameters":{"type":"object","properties":{"zone":{"type":"string"}},"required":["zone"]}}},
       {"type":"function","function":{"name":"weather","description":"查询 天气 forecast",
        "parameters":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},
        "required":["city","days"]}}}]""";

  @Test
  void callsTheFirstToolTheUserTextMentionsWithItsRequiredStringsSetToTheText() throws Exception {
    var res = post("/v1/chat/completions", "{\"model\":\"sim-chat\"," + WEATHER_TOOLS
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"北京明天天气\"}]}");
    JsonNode body = Simulator.JSON.readTree(res.body());
    assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("tool_calls");
    JsonNode call = body.at("/choices/0/message/tool_calls/0");
    assertThat(call.at("/function/name").asString()).isEqualTo("weather");
    assertThat(Simulator.JSON.readTree(call.at("/function/arguments").asString()).toString())
        .isEqualTo("{\"city\":\"北京明天天气\"}");
    assertThat(call.path("id").asString()).startsWith("call_sim_");
  }

  @Test
  void streamsToolCallsInPiecesAndAnswersAToolResultByQuotingIt() throws Exception {
    var res = post("/v1/chat/completions", "{\"model\":\"sim-chat\",\"stream\":true," + WEATHER_TOOLS
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather please\"}]}");
    List<JsonNode> chunks = res.body().lines().filter(l -> l.startsWith("data: {"))
        .map(l -> Simulator.JSON.readTree(l.substring(6))).toList();
    StringBuilder args = new StringBuilder();
    chunks.forEach(c -> args.append(c.at("/choices/0/delta/tool_calls/0/function/arguments").asString("")));
    assertThat(args.toString()).isEqualTo("{\"city\":\"weather please\"}");
    assertThat(chunks.getLast().at("/choices/0/finish_reason").asString()).isEqualTo("tool_calls");

    var answer = post("/v1/chat/completions", "{\"model\":\"sim-chat\"," + WEATHER_TOOLS
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather\"},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"晴 25°C\"}]}");
    assertThat(Simulator.JSON.readTree(answer.body()).at("/choices/0/message/content").asString())
        .isEqualTo("工具结果：晴 25°C");
  }

  @Test
  void answersNormallyWhenNoToolIsMentioned() throws Exception {
    var res = post("/v1/chat/completions", "{\"model\":\"sim-chat\"," + WEATHER_TOOLS
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"你好\"}]}");
    JsonNode body = Simulator.JSON.readTree(res.body());
    assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    assertThat(body.at("/choices/0/message/tool_calls").isMissingNode()).isTrue();
  }

  @Test
  void tokenChunksBuiltFromTextAreTheChunksTheMapsGive() {
    var events = new ChatHandler.TokenEvents("chatcmpl-sim-1", 1_700_000_000L, "sim-\"chat");
    for (boolean first : new boolean[] {true, false}) {
      String text = "京智 \"引号\" \\ \n";
      java.util.Map<String, Object> delta = new java.util.LinkedHashMap<>(); // role first, as OpenAI sends it
      if (first) {
        delta.put("role", "assistant");
      }
      delta.put("content", text);
      String expected = Simulator.JSON.writeValueAsString(ChatHandler.chunk("chatcmpl-sim-1", 1_700_000_000L,
          "sim-\"chat", List.of(ChatHandler.choice(0, delta, null)), null));
      assertThat(events.token(first, text)).isEqualTo(expected);
    }
  }
}
