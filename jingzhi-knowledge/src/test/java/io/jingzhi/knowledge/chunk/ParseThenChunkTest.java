package io.jingzhi.knowledge.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.KnowledgeProperties;
import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.TikaDocumentParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The pipeline's order on real files: the platform's parser, then the chunker with {@code auto}. */
class ParseThenChunkTest {

  private final TikaDocumentParser parser = new TikaDocumentParser(
      new KnowledgeProperties(DataSize.ofMegabytes(20), "bge-small-zh-v1.5"));
  private final Chunker chunker = Chunker.withBuiltInStrategies();

  @Test
  void aPolicyTextFileIsCutByArticles() {
    ParsedDocument parsed = parse("补助资金管理办法.txt", Samples.POLICY.getBytes(StandardCharsets.UTF_8));
    assertThat(chunker.strategyFor(parsed, ChunkingSettings.defaults())).isEqualTo("policy");
    List<Chunk> chunks = chunker.chunk(parsed, ChunkingSettings.defaults());
    assertThat(chunks).filteredOn(c -> "第七条".equals(c.metadata().get("article"))).singleElement()
        .satisfies(c -> assertThat(c.headingPath()).containsExactly("第三章 监督管理", "第七条"));
  }

  @Test
  void aServiceGuideAndAnFaqAsTextFiles() {
    List<Chunk> guide = chunker.chunk(parse("指南.txt", Samples.GUIDE.getBytes(StandardCharsets.UTF_8)),
        ChunkingSettings.defaults());
    assertThat(guide).extracting(c -> c.metadata().get("section")).contains("申请材料", "办理时限", "收费标准");
    List<Chunk> faq = chunker.chunk(parse("问答.txt", Samples.FAQ.getBytes(StandardCharsets.UTF_8)),
        ChunkingSettings.defaults());
    assertThat(faq).extracting(Chunk::matchText).contains("租房可以提取公积金吗？");
  }

  @Test
  void markdownKeepsItsHeadingPathAndTable() {
    List<Chunk> chunks = chunker.chunk(parse("手册.md", Samples.MARKDOWN.getBytes(StandardCharsets.UTF_8)),
        ChunkingSettings.defaults());
    assertThat(chunks).extracting(Chunk::headingPath)
        .contains(List.of("数据共享平台使用手册", "一、账号申请", "审批流程"));
    assertThat(chunks).anySatisfy(c -> assertThat(c.text()).contains("| population | 人口基础信息 |"));
  }

  @Test
  void aWorkbookIsOneChunkPerRowWithItsSheet() {
    List<Chunk> chunks = chunker.chunk(parse("补贴.xlsx", workbook()), new ChunkingSettings("auto", 500, 50, 0,
        Map.of("主管部门", "metadata")));
    assertThat(chunks).hasSize(2);
    assertThat(chunks.getFirst().text()).isEqualTo("补贴名称：一次性创业补贴\n补贴标准：1万元");
    assertThat(chunks.getFirst().metadata()).containsEntry("sheet", "补贴目录").containsEntry("主管部门", "市人社局");
  }

  @Test
  void csvRowsAndJsonlRecords() {
    String csv = "事项,时限\n居住证办理,15个工作日\n户口迁移,20个工作日\n";
    assertThat(chunker.chunk(parse("时限.csv", csv.getBytes(StandardCharsets.UTF_8)), ChunkingSettings.defaults()))
        .extracting(Chunk::text).containsExactly("事项：居住证办理\n时限：15个工作日", "事项：户口迁移\n时限：20个工作日");
    String jsonl = """
        {"id": "q-1", "text": "社保卡可在各银行网点申领。", "metadata": {"domain": "人社"}}
        {"text": "医保异地备案可在线办理。"}
        """;
    List<Chunk> records = chunker.chunk(parse("知识.jsonl", jsonl.getBytes(StandardCharsets.UTF_8)),
        ChunkingSettings.defaults().withStrategy("general"));
    assertThat(records).extracting(Chunk::text).containsExactly("社保卡可在各银行网点申领。", "医保异地备案可在线办理。");
    assertThat(records.getFirst().metadata()).containsEntry("id", "q-1").containsEntry("domain", "人社");
  }

  private ParsedDocument parse(String filename, byte[] content) {
    return parser.parse(filename, new ByteArrayInputStream(content));
  }

  private static byte[] workbook() {
    try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = workbook.createSheet("补贴目录");
      String[][] rows = {{"补贴名称", "补贴标准", "主管部门"}, {"一次性创业补贴", "1万元", "市人社局"},
          {"吸纳就业补贴", "每人2000元", "市人社局"}};
      for (int r = 0; r < rows.length; r++) {
        Row row = sheet.createRow(r);
        for (int c = 0; c < rows[r].length; c++) {
          row.createCell(c).setCellValue(rows[r][c]);
        }
      }
      workbook.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
