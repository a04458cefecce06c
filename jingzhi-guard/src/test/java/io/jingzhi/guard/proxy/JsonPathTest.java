package io.jingzhi.guard.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonPathTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static JsonNode doc(String json) {
    return JSON.readTree(json);
  }

  @Test
  void findsTheStringsAPathReaches() {
    JsonNode d = doc("""
        {"query": "问一下", "inputs": {"question": "社保怎么交", "n": 3},
         "data": [{"text": "一"}, {"text": 2}, {"text": "三"}, {"other": "x"}], "我的": {"问题": "中文键"}}""");
    assertThat(JsonPath.parse("$.query").find(d)).extracting(JsonPath.Slot::get).containsExactly("问一下");
    assertThat(JsonPath.parse("$.inputs.question").find(d)).extracting(JsonPath.Slot::get)
        .containsExactly("社保怎么交");
    assertThat(JsonPath.parse("$.data[*].text").find(d)).extracting(JsonPath.Slot::get).containsExactly("一", "三");
    assertThat(JsonPath.parse("$['data'][2]['text']").find(d)).extracting(JsonPath.Slot::get).containsExactly("三");
    assertThat(JsonPath.parse("$.inputs.*").find(d)).extracting(JsonPath.Slot::get).containsExactly("社保怎么交");
    assertThat(JsonPath.parse("$.我的.问题").find(d)).extracting(JsonPath.Slot::get).containsExactly("中文键");
    assertThat(JsonPath.parse("$.inputs.n").find(d)).as("numbers are not texts").isEmpty();
    assertThat(JsonPath.parse("$.missing.deeper").find(d)).isEmpty();
    assertThat(JsonPath.parse("$.data[9].text").find(d)).isEmpty();
  }

  @Test
  void replacesInPlace() {
    JsonNode d = doc("{\"data\":[{\"text\":\"a\"},{\"text\":\"b\"}],\"list\":[\"x\",\"y\"]}");
    JsonPath.parse("$.data[*].text").find(d).forEach(s -> s.set(s.get().toUpperCase()));
    JsonPath.parse("$.list[1]").find(d).getFirst().set("z");
    assertThat(JSON.writeValueAsString(d)).isEqualTo("{\"data\":[{\"text\":\"A\"},{\"text\":\"B\"}],\"list\":[\"x\",\"z\"]}");
  }

  @Test
  void putsIntoATemplateCreatingMissingObjects() {
    JsonNode t = doc("{\"code\":0,\"data\":{}}");
    JsonPath.parse("$.data.answer.text").put(t, "拒答");
    assertThat(JSON.writeValueAsString(t)).isEqualTo("{\"code\":0,\"data\":{\"answer\":{\"text\":\"拒答\"}}}");
    assertThatThrownBy(() -> JsonPath.parse("$.data[*]").put(doc("{}"), "x")).hasMessageContaining("wildcards");
    assertThatThrownBy(() -> JsonPath.parse("$.list[3]").put(doc("{\"list\":[]}"), "x"))
        .hasMessageContaining("no place");
  }

  @Test
  void rejectsWhatItDoesNotSupportWithTheReason() {
    assertThatThrownBy(() -> JsonPath.parse("query")).hasMessageContaining("must start with $");
    assertThatThrownBy(() -> JsonPath.parse("$..text")).hasMessageContaining("recursive descent");
    assertThatThrownBy(() -> JsonPath.parse("$.data[?(@.x)]")).hasMessageContaining("only [n], [*]");
    assertThatThrownBy(() -> JsonPath.parse("$.data[0")).hasMessageContaining("unclosed");
    assertThatThrownBy(() -> JsonPath.parse("$.a b")).hasMessageContaining("invalid name");
    assertThatThrownBy(() -> JsonPath.parse(" ")).hasMessageContaining("empty");
    assertThat(JsonPath.parse("$").find(doc("\"top\""))).as("the root itself is never a slot").isEmpty();
  }
}
