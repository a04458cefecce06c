package io.jingzhi.knowledge.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableStrategyTest extends ChunkingStrategyContractTest {

  @Override
  ChunkingStrategy strategy() {
    return new TableStrategy();
  }

  @Override
  ParsedDocument sample() {
    return Samples.tables("xlsx", Samples.subsidies());
  }

  @Test
  void oneRowPerChunkWithItsHeaderAndTheSheet() {
    List<Chunk> chunks = chunk(sample(), settings(500, 0, 0));
    assertThat(chunks).hasSize(3); // the empty fourth row makes no chunk
    assertThat(chunks.getFirst().text()).isEqualTo("""
        补贴名称：一次性创业补贴
        适用对象：首次创办小微企业的高校毕业生
        补贴标准：1万元
        主管部门：市人力资源和社会保障局
        截止日期：2025-12-31""");
    assertThat(chunks.getFirst().metadata()).containsEntry("sheet", "补贴目录").containsEntry("row", "1");
    assertThat(chunks.getFirst().headingPath()).containsExactly("补贴目录");
    assertThat(chunks.get(2).text()).doesNotContain("截止日期"); // empty cell left out
  }

  @Test
  void columnsAreMarkedIndexMetadataOrBoth() {
    ChunkingSettings settings = new ChunkingSettings("table", 500, 0, 0,
        Map.of("主管部门", "metadata", "截止日期", "both", "适用对象", "index"));
    Chunk first = chunk(sample(), settings).getFirst();
    assertThat(first.text()).isEqualTo("补贴名称：一次性创业补贴\n适用对象：首次创办小微企业的高校毕业生\n补贴标准：1万元\n截止日期：2025-12-31");
    assertThat(first.metadata()).containsEntry("主管部门", "市人力资源和社会保障局")
        .containsEntry("截止日期", "2025-12-31").doesNotContainKey("补贴名称").doesNotContainKey("适用对象");
  }

  @Test
  void aRowWithoutIndexValuesMakesNoChunkAndTextAroundTablesIsKept() {
    Table table = new Table(null, List.of("区", "人口"), List.of(List.of("东城区", "70万"), List.of("", "12万")));
    ParsedDocument doc = new ParsedDocument("docx", "x", null, List.of(Block.paragraph("各区常住人口如下：", 1),
        Samples.table(table, 1)), Map.of(), 1);
    List<Chunk> chunks = chunk(doc, new ChunkingSettings("table", 500, 0, 0, Map.of("人口", "metadata")));
    assertThat(chunks).extracting(Chunk::text).containsExactly("各区常住人口如下：", "区：东城区");
    assertThat(chunks.get(1).metadata()).containsEntry("人口", "70万").doesNotContainKey("sheet");
  }

  @Test
  void aRowTooBigIsCutWithItsFirstLineRepeated() {
    Table table = new Table("政策", List.of("政策名称", "主要内容"), List.of(
        List.of("稳就业十条", "对吸纳就业困难人员的企业给予社保补贴。".repeat(10))));
    List<Chunk> chunks = chunk(Samples.tables("xlsx", table), settings(100, 0, 0));
    assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(c -> {
      assertThat(c.text()).startsWith("政策名称：稳就业十条\n");
      assertThat(c.text().length()).isLessThanOrEqualTo(100);
      assertThat(c.metadata()).containsEntry("row", "1");
    });
  }
}
