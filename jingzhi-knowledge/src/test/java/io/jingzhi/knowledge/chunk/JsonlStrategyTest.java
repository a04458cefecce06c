package io.jingzhi.knowledge.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.knowledge.KnowledgeException;
import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class JsonlStrategyTest extends ChunkingStrategyContractTest {

  @Override
  ChunkingStrategy strategy() {
    return new JsonlStrategy();
  }

  @Override
  ParsedDocument sample() {
    return Samples.jsonl();
  }

  @Override
  boolean keepsTableCells() {
    return false; // the metadata cell is JSON; its values are checked below
  }

  @Test
  void eachLineIsOneChunkWithItsIdAndMetadata() {
    List<Chunk> chunks = chunk(Samples.jsonl(), settings(500, 0, 0));
    assertThat(chunks).hasSize(2); // the line with blank text makes none
    assertThat(chunks.getFirst().text()).isEqualTo("京东市12345热线受理群众咨询、求助、投诉和建议，7×24小时服务。");
    assertThat(chunks.getFirst().metadata()).containsExactlyInAnyOrderEntriesOf(
        Map.of("id", "kb-001", "domain", "政务服务", "year", "2024"));
    assertThat(chunks.get(1).metadata()).isEmpty();
  }

  @Test
  void aRecordIsNeverCutOrMergedWhateverTheSize() {
    String longText = "市民服务热线受理范围包括咨询、求助、投诉、举报和建议。".repeat(10);
    Table table = new Table("jsonl", List.of("text", "id"), List.of(List.of(longText, "a"), List.of("短句。", "b")));
    List<Chunk> chunks = chunk(new ParsedDocument("jsonl", "x", null, List.of(Samples.table(table, 0)), Map.of(), 0),
        settings(60, 0, 0));
    assertThat(chunks).extracting(Chunk::text).containsExactly(longText, "短句。");
    assertThat(chunks).extracting(c -> c.metadata().get("id")).containsExactly("a", "b");
  }

  @Test
  void rawJsonLinesAreReadToo() {
    String lines = """
        {"id": 7, "text": "居住证办理需提供租房合同。", "metadata": {"domain": "公安", "tags": ["居住证", "户籍"]}}
        {"text": "办理时限为15个工作日。"}
        """;
    List<Chunk> chunks = chunk(Samples.text("jsonl", lines), settings(500, 0, 0));
    assertThat(chunks).extracting(Chunk::text).containsExactly("居住证办理需提供租房合同。", "办理时限为15个工作日。");
    assertThat(chunks.getFirst().metadata()).containsEntry("id", "7").containsEntry("domain", "公安")
        .containsEntry("tags", "[\"居住证\",\"户籍\"]");
  }

  @Test
  void metadataThatIsNoJsonObjectIsRejectedNamingTheLine() {
    Table table = new Table("jsonl", List.of("id", "text", "metadata"),
        List.of(List.of("1", "好的一行。", "{}"), List.of("2", "坏的一行。", "[1, 2]")));
    ParsedDocument doc = new ParsedDocument("jsonl", "x", null, List.of(Samples.table(table, 0)), Map.of(), 0);
    assertThatThrownBy(() -> chunk(doc, settings(500, 0, 0))).isInstanceOfSatisfying(KnowledgeException.class, e -> {
      assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
      assertThat(e.code()).isEqualTo("chunking.jsonl_invalid");
      assertThat(e.getMessage()).contains("line 2");
    });
    assertThatThrownBy(() -> chunk(Samples.text("jsonl", "{\"text\": \"未闭合\""), settings(500, 0, 0)))
        .isInstanceOf(KnowledgeException.class).hasMessageContaining("line 1").hasMessageContaining("not valid JSON");
  }

  @Test
  void acceptsJsonlFormatOrAJsonlTable() {
    assertThat(JsonlStrategy.accepts(Samples.jsonl())).isTrue();
    assertThat(JsonlStrategy.accepts(Samples.text("jsonl", "{}"))).isTrue();
    assertThat(JsonlStrategy.accepts(Samples.tables("xlsx", Samples.subsidies()))).isFalse();
    assertThat(JsonlStrategy.accepts(new ParsedDocument("txt", "x", null, List.of(Block.paragraph("{}", 1)), Map.of(),
        1))).isFalse();
  }
}
