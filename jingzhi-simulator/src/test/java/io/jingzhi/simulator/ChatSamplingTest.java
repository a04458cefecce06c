package io.jingzhi.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The {@code stop} and {@code n} parameters of chat completions, streamed and not, as an OpenAI client sees them. */
class ChatSamplingTest extends RunningSimulator {

  private HttpResponse<String> chat(String fields) throws Exception {
    return post("/v1/chat/completions", "{\"model\":\"sim-chat\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"你好\"}]," + fields + "}");
  }

  private static JsonNode json(HttpResponse<String> res) {
    return Simulator.JSON.readTree(res.body());
  }

  private static List<JsonNode> chunks(HttpResponse<String> res) {
    return res.body().lines().filter(l -> l.startsWith("data: {"))
        .map(l -> Simulator.JSON.readTree(l.substring(6))).toList();
  }

  /** Each choice's streamed text and finish reason, as "text|reason", by choice index. */
  private static Map<Integer, String> byChoice(List<JsonNode> chunks) {
    Map<Integer, StringBuilder> text = new TreeMap<>();
    for (JsonNode chunk : chunks) {
      for (JsonNode c : chunk.path("choices")) {
        StringBuilder s = text.computeIfAbsent(c.path("index").asInt(), i -> new StringBuilder());
        s.append(c.at("/delta/content").asString(""));
        if (c.path("finish_reason").isString()) {
          s.append('|').append(c.path("finish_reason").asString());
        }
      }
    }
    Map<Integer, String> out = new TreeMap<>();
    text.forEach((k, v) -> out.put(k, v.toString()));
    return out;
  }

  @Test
  void cutsTheAnswerBeforeTheEarliestStopStringAndCountsOnlyWhatIsSent() throws Exception {
    JsonNode body = json(chat("\"metadata\":{\"sim_reply\":\"你好，世界。再见！\"},\"stop\":[\"！\",\"。\"]"));
    assertThat(body.at("/choices/0/message/content").asString()).isEqualTo("你好，世界");
    assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(5);

    JsonNode spanning = json(chat("\"metadata\":{\"sim_reply\":\"你好，世界。再见！\"},\"stop\":\"界。再\""));
    assertThat(spanning.at("/choices/0/message/content").asString()).isEqualTo("你好，世");
  }

  @Test
  void aStopStringInsideAGeneratedTokenKeepsThatTokensPartBeforeIt() throws Exception {
    // the generated text is 京智|模拟|输出|：|这是|一段, one word a token
    JsonNode body = json(chat("\"stop\":\"拟输\""));
    assertThat(body.at("/choices/0/message/content").asString()).isEqualTo("京智模");
    assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(2);
  }

  @Test
  void aStopStringTheTokenLimitNeverReachesLeavesFinishReasonLength() throws Exception {
    JsonNode body = json(chat("\"metadata\":{\"sim_reply\":\"一二三四五\"},\"max_tokens\":3,\"stop\":\"四\""));
    assertThat(body.at("/choices/0/message/content").asString()).isEqualTo("一二三");
    assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("length");
  }

  @Test
  void cutsAStreamedAnswerAndItsUsage() throws Exception {
    var res = chat("\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"metadata\":{\"sim_reply\":\"一二三四五\"},\"stop\":[\"三\"]");
    List<JsonNode> chunks = chunks(res);
    assertThat(byChoice(chunks)).containsExactly(Map.entry(0, "一二|stop"));
    assertThat(chunks.getLast().at("/usage/completion_tokens").asInt()).isEqualTo(2);
    assertThat(res.body().strip()).endsWith("data: [DONE]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "true", "{\"a\":\"b\"}", "[\"a\",2]", "[\"a\",\"b\",\"c\",\"d\",\"e\"]"})
  void refusesAStopThatIsNotUpToFourStrings(String stop) throws Exception {
    var res = chat("\"stop\":" + stop);
    assertThat(res.statusCode()).isEqualTo(400);
    JsonNode error = json(res).get("error");
    assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
    assertThat(error.get("param").asString()).isEqualTo("stop");
    assertThat(error.get("message").asString()).contains("stop");
    assertThat(sim.stats().chatRequests()).as("refused before generating").isZero();
  }

  @Test
  void acceptsNoStopAsNullOrAnEmptyArray() throws Exception {
    for (String stop : List.of("null", "[]", "\"\"")) {
      var res = chat("\"stop\":" + stop);
      assertThat(res.statusCode()).as(stop).isEqualTo(200);
      assertThat(json(res).at("/choices/0/message/content").asString()).as(stop).isEqualTo("京智模拟输出：这是一段");
    }
  }

  @Test
  void answersNChoicesAndCountsTheTokensOfAll() throws Exception {
    JsonNode body = json(chat("\"n\":3,\"max_tokens\":4"));
    JsonNode choices = body.get("choices");
    assertThat(choices).hasSize(3);
    for (int k = 0; k < 3; k++) {
      assertThat(choices.get(k).get("index").asInt()).isEqualTo(k);
      assertThat(choices.get(k).at("/message/content").asString()).isEqualTo("京智模拟输出：");
      assertThat(choices.get(k).get("finish_reason").asString()).isEqualTo("length");
    }
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(12);
  }

  @Test
  void streamsNChoicesEachUnderItsOwnIndexAndCutAtTheStopString() throws Exception {
    var res = chat("\"stream\":true,\"n\":2,\"stream_options\":{\"include_usage\":true},"
        + "\"metadata\":{\"sim_reply\":\"你好。再见\"},\"stop\":\"。\"");
    List<JsonNode> chunks = chunks(res);
    assertThat(byChoice(chunks)).containsExactly(Map.entry(0, "你好|stop"), Map.entry(1, "你好|stop"));
    assertThat(chunks.getLast().get("choices")).isEmpty();
    assertThat(chunks.getLast().at("/usage/completion_tokens").asInt()).isEqualTo(4);
    assertThat(res.body().strip()).endsWith("data: [DONE]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "1.5", "\"2\"", "17", "true"})
  void refusesAnNThatIsNotAWholeNumberFromOneToSixteen(String n) throws Exception {
    var res = chat("\"n\":" + n);
    assertThat(res.statusCode()).isEqualTo(400);
    JsonNode error = json(res).get("error");
    assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
    assertThat(error.get("param").asString()).isEqualTo("n");
    assertThat(chat("\"n\":16").statusCode()).isEqualTo(200);
  }
}
