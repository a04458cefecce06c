package io.jingzhi.knowledge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.knowledge.chunk.Chunk;
import io.jingzhi.knowledge.parse.DocumentRejected;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonlRecordsTest {

  private final JsonMapper json = JsonMapper.builder().build();

  private List<Chunk> read(String text) {
    return JsonlRecords.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), json);
  }

  @Test
  void eachLineIsOneChunkAsGivenWithItsIdInTheMetadata() {
    List<Chunk> chunks = read("""
        {"id": "a-1", "text": "第一条 原样保留，不切分。", "metadata": {"domain": "就业", "year": 2026}}

        {"text": "没有编号的记录"}
        {"id": 7, "text": "数字编号"}
        """);
    assertThat(chunks).hasSize(3);
    assertThat(chunks.get(0).text()).isEqualTo("第一条 原样保留，不切分。");
    assertThat(chunks.get(0).metadata()).containsEntry("id", "a-1").containsEntry("domain", "就业")
        .containsEntry("year", "2026");
    assertThat(chunks.get(1).metadata()).doesNotContainKey("id");
    assertThat(chunks.get(2).metadata()).containsEntry("id", "7");
    assertThat(chunks).extracting(Chunk::ordinal).containsExactly(0, 1, 2);
    assertThat(chunks).allMatch(c -> c.searchable() && c.parent() == -1);
  }

  @Test
  void aBadLineRejectsTheFileNamingTheLine() {
    assertThatThrownBy(() -> read("{\"text\": \"好\"}\n{\"text\": \n"))
        .isInstanceOf(DocumentRejected.class).hasMessageContaining("line 2");
    assertThatThrownBy(() -> read("{\"id\": 1}\n"))
        .isInstanceOf(DocumentRejected.class).hasMessageContaining("line 1").hasMessageContaining("text");
    assertThatThrownBy(() -> read("{\"text\": \"x\", \"metadata\": [1]}\n"))
        .isInstanceOf(DocumentRejected.class).hasMessageContaining("metadata");
  }

  @Test
  void emptyAndNonUtf8FilesAreRejectedWithTheirCodes() {
    assertThatThrownBy(() -> read("\n \n")).isInstanceOfSatisfying(DocumentRejected.class,
        e -> assertThat(e.code()).isEqualTo("document.empty"));
    byte[] gbk = "{\"text\": \"你好\"}".getBytes(java.nio.charset.Charset.forName("GBK"));
    assertThatThrownBy(() -> JsonlRecords.read(new ByteArrayInputStream(gbk), json))
        .isInstanceOfSatisfying(DocumentRejected.class, e -> assertThat(e.code()).isEqualTo("document.encoding"));
  }
}
