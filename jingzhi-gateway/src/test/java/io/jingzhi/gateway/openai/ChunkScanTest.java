package io.jingzhi.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ChunkScanTest {

  final JsonMapper json = JsonMapper.builder().build();

  @Test
  void replacesOnlyTheModelAndCollectsTheContent() {
    String chunk = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"sim-chat\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"京智\\\"model\\\":\\\"x\"},"
        + "\"logprobs\":null,\"finish_reason\":null}]}";
    StringBuilder content = new StringBuilder();
    ChunkScan s = ChunkScan.of(json, chunk, content);
    assertThat(s.valid).isTrue();
    assertThat(s.error).isFalse();
    assertThat(s.usage).isFalse();
    assertThat(s.choices).isEqualTo(1);
    assertThat(content).hasToString("京智\"model\":\"x");
    String out = s.renamed(chunk, "\"我的-模型\"", null);
    assertThat(json.readTree(out).get("model").asString()).isEqualTo("我的-模型");
    assertThat(out).isEqualTo(chunk.replace("\"model\":\"sim-chat\"", "\"model\":\"我的-模型\""));
  }

  @Test
  void replacesTheIdTooWhenAStreamCarriesTheGatewaysOwn() {
    String idFirst = "{\"id\":\"up-1\",\"object\":\"chat.completion.chunk\",\"model\":\"sim\",\"choices\":[]}";
    String modelFirst = "{\"model\":\"sim\",\"choices\":[],\"id\":\"up-\\\"2\"}";
    for (String chunk : new String[] {idFirst, modelFirst}) {
      ChunkScan s = ChunkScan.of(json, chunk, new StringBuilder(), true);
      String out = s.renamed(chunk, "\"m\"", "\"chatcmpl-jz-1\"");
      assertThat(json.readTree(out).get("id").asString()).isEqualTo("chatcmpl-jz-1");
      assertThat(json.readTree(out).get("model").asString()).isEqualTo("m");
      assertThat(json.readTree(out).get("choices").isArray()).isTrue();
    }
    assertThat(ChunkScan.of(json, modelFirst, new StringBuilder(), true).id).isEqualTo("up-\"2");
    ChunkScan noId = ChunkScan.of(json, "{\"model\":\"sim\"}", new StringBuilder());
    assertThat(noId.renamed("{\"model\":\"sim\"}", "\"m\"", "\"x\"")).as("the tree way adds it").isNull();
  }

  @Test
  void findsTheModelWithWhitespaceAndEscapes() {
    String chunk = "{ \"choices\" : [ ], \"model\" :  \"a\\\"b\" , \"usage\": {\"prompt_tokens\": 3,"
        + " \"completion_tokens\": 5, \"total_tokens\": 8, \"details\": {\"x\": 1}} }";
    ChunkScan s = ChunkScan.of(json, chunk, new StringBuilder());
    assertThat(s.valid).isTrue();
    assertThat(s.usage).isTrue();
    assertThat(s.promptTokens).isEqualTo(3);
    assertThat(s.completionTokens).isEqualTo(5);
    assertThat(s.choices).isZero();
    assertThat(json.readTree(s.renamed(chunk, "\"m\"", null)).get("model").asString()).isEqualTo("m");
  }

  @Test
  void reportsErrorsMissingModelsAndBrokenJson() {
    assertThat(ChunkScan.of(json, "{\"error\":{\"message\":\"boom\"}}", new StringBuilder()).error).isTrue();
    assertThat(ChunkScan.of(json, "{\"error\":null,\"model\":\"m\"}", new StringBuilder()).error).isFalse();
    ChunkScan noModel = ChunkScan.of(json, "{\"choices\":[]}", new StringBuilder());
    assertThat(noModel.valid).isTrue();
    assertThat(noModel.renamed("{\"choices\":[]}", "\"m\"", null)).isNull();
    StringBuilder content = new StringBuilder("kept");
    assertThat(ChunkScan.of(json, "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]", content).valid).isFalse();
    assertThat(content).hasToString("kept");
    assertThat(ChunkScan.of(json, "[1]", new StringBuilder()).valid).isFalse();
    assertThat(ChunkScan.of(json, "{\"model\":\"m\"} trailing", new StringBuilder()).valid).isFalse();
    assertThat(ChunkScan.of(json, "{\"model\":42}", new StringBuilder()).modelStart).isEqualTo(-1);
  }
}
