package io.jingzhi.guard.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TextsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static CompiledRoute openAi() {
    return CompiledRoute.compile(CompiledRouteTest.route(null, "/", null, null, null), JSON);
  }

  private static CompiledRoute paths(List<String> request, List<String> response, List<String> stream) {
    ProxyRoute r = CompiledRouteTest.route(null, "/", null, null, null);
    return CompiledRoute.compile(new ProxyRoute(1, "r", "r", true, 1L, null, null, "/", r.upstreamUrl(), 3000, 60000,
        null, null, null, null, null, null, null, ProxyRoute.JSON_PATHS, request, response, stream, false,
        ProxyRoute.OPENAI, null, null, 200, null, null), JSON);
  }

  @Test
  void openAiChatInspectsTheLastUserTurnWithEarlierTurnsAsHistory() {
    JsonNode body = JSON.readTree("""
        {"model":"m","messages":[{"role":"system","content":"你是助手"},{"role":"user","content":"第一问"},
         {"role":"assistant","content":"答"},{"role":"user","content":[{"type":"text","text":"第二问"},
         {"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"补充"}]}]}""");
    Texts t = TextExtractor.request(openAi(), body);
    assertThat(t.joined()).isEqualTo("第二问\n\n补充");
    assertThat(t.history()).containsExactly("第一问");
    t.writeMasked("第二问[手机号]\n\n补充");
    assertThat(body.at("/messages/3/content/0/text").asString()).isEqualTo("第二问[手机号]");
    assertThat(body.at("/messages/1/content").asString()).isEqualTo("第一问");
  }

  @Test
  void openAiPromptAndInputAreInspectedWhole() {
    assertThat(TextExtractor.request(openAi(), JSON.readTree("{\"prompt\":[\"a\",\"b\"]}")).joined())
        .isEqualTo("a\n\nb");
    assertThat(TextExtractor.request(openAi(), JSON.readTree(
        "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"问\"}]}]}")).joined())
        .isEqualTo("问");
    assertThat(TextExtractor.request(openAi(), JSON.readTree("{\"foo\":\"bar\"}")).isEmpty()).isTrue();
  }

  @Test
  void responsesAndStreamsFindGeneratedText() {
    JsonNode completion = JSON.readTree("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"生成\"}}]}");
    assertThat(TextExtractor.response(openAi(), completion).joined()).isEqualTo("生成");
    JsonNode chunk = JSON.readTree("{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"片\"}}]}");
    assertThat(TextExtractor.streamKeys(openAi(), chunk)).containsExactly(1);
    assertThat(TextExtractor.streamSlots(openAi(), chunk, 1)).extracting(JsonPath.Slot::get).containsExactly("片");
    var custom = paths(List.of("$.query"), List.of("$.answer"), List.of("$.delta"));
    assertThat(TextExtractor.request(custom, JSON.readTree("{\"query\":\"q\"}")).joined()).isEqualTo("q");
    assertThat(TextExtractor.response(custom, JSON.readTree("{\"answer\":\"a\"}")).joined()).isEqualTo("a");
    assertThat(TextExtractor.streamKeys(custom, JSON.readTree("{\"delta\":\"d\"}"))).containsExactly(0);
    assertThat(TextExtractor.streamKeys(custom, JSON.readTree("{\"event\":\"ping\"}"))).isEmpty();
  }

  @Test
  void maskedTextSplitsBackIntoItsFields() {
    assertThat(Texts.split("a[x]\n\nb\n\nc", List.of("a1", "b", "c"))).containsExactly("a[x]", "b", "c");
    assertThat(Texts.split("a\n\nb[x]\n\nc", List.of("a\n\nb1", "c"))).as("a field holding the separator")
        .containsExactly("a\n\nb[x]", "c");
    assertThat(Texts.split("all masked", List.of("a", "b"))).as("separator lost: nothing left in clear")
        .containsExactly("all masked", "");
  }
}
