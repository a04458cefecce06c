package io.jingzhi.knowledge.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownStrategyTest extends ChunkingStrategyContractTest {

  @Override
  ChunkingStrategy strategy() {
    return new MarkdownStrategy();
  }

  @Override
  ParsedDocument sample() {
    return Samples.markdown();
  }

  @Test
  void oneChunkPerSectionUnderItsHeadingPath() {
    List<Chunk> chunks = chunk(Samples.markdown(), settings(1000, 0, 0));
    assertThat(chunks).extracting(Chunk::headingPath).containsExactly(
        List.of("数据共享平台使用手册"),
        List.of("数据共享平台使用手册", "一、账号申请"),
        List.of("数据共享平台使用手册", "一、账号申请", "审批流程"),
        List.of("数据共享平台使用手册", "二、接口调用"));
    assertThat(chunks.get(2).text()).isEqualTo("### 审批流程\n申请提交后由市大数据中心在三个工作日内审核。审核通过后系统发送短信通知。");
    assertThat(chunks.get(3).text()).contains("```bash\ncurl -H").contains("| population | 人口基础信息 |");
  }

  @Test
  void codeBlocksAndTablesStayWholeWhenTheyFit() {
    List<Chunk> chunks = chunk(Samples.markdown(), settings(140, 20, 0));
    Chunk code = chunks.stream().filter(c -> c.text().contains("```bash")).findFirst().orElseThrow();
    assertThat(code.text()).contains("```bash\ncurl -H \"Authorization: Bearer $TOKEN\" "
        + "https://data.example.gov.cn/api/v1/population\n```");
    Chunk table = chunks.stream().filter(c -> c.text().contains("| 接口 | 说明 |")).findFirst().orElseThrow();
    assertThat(table.text()).contains("| population | 人口基础信息 |\n| enterprise | 法人基础信息 |");
    assertThat(table.text()).startsWith("## 二、接口调用\n");
  }

  @Test
  void aCodeBlockTooBigIsCutByLinesAndFencedAgain() {
    StringBuilder md = new StringBuilder("# 部署\n```yaml\n");
    for (int i = 0; i < 20; i++) {
      md.append("service").append(i).append(": enabled\n");
    }
    md.append("```\n");
    List<Chunk> chunks = chunk(Samples.text("md", md.toString()), settings(120, 0, 0));
    assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(c -> {
      assertThat(c.text()).startsWith("# 部署\n```yaml\n").endsWith("\n```");
      assertThat(c.text().length()).isLessThanOrEqualTo(120);
    });
    assertThat(String.join("\n", chunks.stream().map(Chunk::text).toList())).contains("service0: enabled")
        .contains("service19: enabled");
  }

  @Test
  void headingsMarkedByTheParserCountAsHeadings() {
    ParsedDocument doc = new ParsedDocument("docx", "x", null, List.of(Block.heading(1, "工作方案", 1),
        Block.heading(2, "工作目标", 1), Block.paragraph("到2025年底，政务服务事项全程网办率达到百分之九十。", 1),
        Block.heading(2, "保障措施", 2), Block.paragraph("加强组织领导。", 2)), Map.of(), 2);
    List<Chunk> chunks = chunk(doc, settings(500, 0, 0));
    assertThat(chunks).extracting(Chunk::headingPath)
        .containsExactly(List.of("工作方案", "工作目标"), List.of("工作方案", "保障措施"));
    assertThat(chunks.get(1).text()).isEqualTo("保障措施\n加强组织领导。");
    assertThat(chunks.get(1).metadata()).containsEntry("page", "2");
  }
}
