package io.jingzhi.knowledge.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GeneralStrategyTest extends ChunkingStrategyContractTest {

  static final String REPORT = """
      2024年，全市政务服务工作坚持以人民为中心，持续深化“一网通办”改革。全年网上办件量达到一千二百万件，同比增长百分之十八！
      “高效办成一件事”重点事项清单全部落地；企业开办时间压缩至一个工作日以内。
      群众满意度如何提升？我们建立了“好差评”闭环机制，差评整改率达到百分之百。
      下一步，将推进政务服务向基层延伸……打造“十五分钟政务服务圈”。
      """;

  @Override
  ChunkingStrategy strategy() {
    return new GeneralStrategy();
  }

  @Override
  ParsedDocument sample() {
    return new ParsedDocument("docx", "application/msword", "工作总结", List.of(
        Block.heading(1, "2024年政务服务工作总结", 1),
        Block.paragraph(REPORT.strip(), 1),
        Samples.table(Samples.subsidies(), 2),
        Block.paragraph("以上补贴可在“京东通”App在线申请。", 2)), Map.of(), 2);
  }

  @Test
  void cutsOnlyBetweenSentencesAndOverlapsByWholeSentences() {
    List<Chunk> chunks = chunk(Samples.text("txt", REPORT), settings(90, 40, 0));
    assertThat(chunks).hasSizeGreaterThan(2);
    for (Chunk c : chunks) {
      assertThat(c.text()).as("ends a sentence").matches("(?s).*[。！？；…”]$");
    }
    for (int i = 1; i < chunks.size(); i++) {
      String previous = chunks.get(i - 1).text();
      String firstSentence = Sentences.of(chunks.get(i).text(), 0, List.of()).getFirst().text();
      // the next chunk starts either with the last sentence(s) of this one (overlap) or with new text
      boolean overlaps = previous.endsWith(firstSentence) || previous.contains(firstSentence);
      boolean fresh = !REPORT.substring(0, REPORT.indexOf(previous) + previous.length()).contains(firstSentence);
      assertThat(overlaps || fresh).as("chunk %d starts at a sentence", i).isTrue();
    }
    assertThat(chunks.stream().filter(c -> c.text().startsWith("群众满意度如何提升？"))).isNotEmpty();
  }

  @Test
  void overlapRepeatsTheLastSentencesWithinTheLimit() {
    String text = "第一句话讲政策背景。第二句话讲适用范围。第三句话讲申请条件。第四句话讲办理流程。第五句话讲监督管理。";
    List<Chunk> chunks = chunk(Samples.text("txt", text), settings(45, 20, 0));
    assertThat(chunks).extracting(Chunk::text).containsExactly(
        "第一句话讲政策背景。第二句话讲适用范围。第三句话讲申请条件。第四句话讲办理流程。",
        "第三句话讲申请条件。第四句话讲办理流程。第五句话讲监督管理。");
    List<Chunk> shortOverlap = chunk(Samples.text("txt", text), settings(45, 19, 0));
    assertThat(shortOverlap).extracting(Chunk::text).containsExactly(
        "第一句话讲政策背景。第二句话讲适用范围。第三句话讲申请条件。第四句话讲办理流程。",
        "第四句话讲办理流程。第五句话讲监督管理。");
    List<Chunk> noOverlap = chunk(Samples.text("txt", text), settings(45, 0, 0));
    assertThat(noOverlap).extracting(Chunk::text)
        .containsExactly("第一句话讲政策背景。第二句话讲适用范围。第三句话讲申请条件。第四句话讲办理流程。", "第五句话讲监督管理。");
  }

  @Test
  void aSentenceWrappedOverLinesAsInPdfTextIsNotCutAtTheWraps() {
    String pdf = """
        资金拨付要求
        各区应当按照不低于一比一的比例安排配套资金，配套资金未落实
        的，市级补助资金暂缓拨付。
        区财政部门应当在收到市级补助资金后三十日内拨付至项目实施单
        位，不得截留、挤占、挪用。""";
    // cutting at line ends, the first 80 characters would end after 实施单, inside the second sentence
    List<Chunk> chunks = chunk(Samples.text("pdf", pdf), settings(80, 0, 0));
    assertThat(chunks).extracting(Chunk::text).containsExactly(
        "资金拨付要求\n各区应当按照不低于一比一的比例安排配套资金，配套资金未落实\n的，市级补助资金暂缓拨付。",
        "区财政部门应当在收到市级补助资金后三十日内拨付至项目实施单\n位，不得截留、挤占、挪用。");
  }

  @Test
  void aTableIsNeverCutByTextButByRowsWithItsHeader() {
    List<List<String>> rows = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      rows.add(List.of("第" + i + "号窗口", "办理事项" + i, "工作日9:00-17:00"));
    }
    Table table = new Table("窗口一览", List.of("窗口", "事项", "时间"), rows);
    ParsedDocument doc = new ParsedDocument("docx", "x", null, List.of(Block.paragraph("各窗口安排如下。", 1),
        Samples.table(table, 1), Block.paragraph("如有变动另行通知。", 1)), Map.of(), 1);
    List<Chunk> chunks = chunk(doc, settings(300, 50, 0));
    List<Chunk> parts = chunks.stream().filter(c -> c.text().contains("号窗口")).toList();
    assertThat(parts).hasSizeGreaterThan(1);
    for (Chunk part : parts) {
      assertThat(part.text()).contains("| 窗口 | 事项 | 时间 |\n| --- | --- | --- |");
      assertThat(part.text().length()).isLessThanOrEqualTo(300);
    }
    for (int i = 1; i <= 30; i++) {
      String row = "| 第" + i + "号窗口 | 办理事项" + i + " | 工作日9:00-17:00 |";
      assertThat(parts.stream().filter(p -> p.text().contains(row))).as("row %d once, whole", i).hasSize(1);
    }
  }

  @Test
  void aSentenceLongerThanMaxIsCutAtCommasAndALongTokenIsKeptWhole() {
    String clause = "申请人应当如实填写申请表，";
    String sentence = clause.repeat(12) + "并对材料真实性负责。";
    List<Chunk> chunks = chunk(Samples.text("txt", sentence), settings(60, 0, 0));
    assertThat(chunks).allSatisfy(c -> assertThat(c.text().length()).isLessThanOrEqualTo(60));
    assertThat(String.join("", chunks.stream().map(Chunk::text).toList())).isEqualTo(sentence);
    assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.text()).endsWith("，"));

    String url = "https://zwfw.example.gov.cn/" + "a1b2c3d4".repeat(10);
    List<Chunk> withUrl = chunk(Samples.text("txt", "请访问" + url + "办理"), settings(50, 0, 0));
    assertThat(withUrl).extracting(Chunk::text).contains(url);
  }

  @Test
  void headingsMarkedByTheParserGiveTheHeadingPathAndPagesAreKept() {
    List<Chunk> chunks = chunk(sample(), settings(150, 0, 0));
    assertThat(chunks.getFirst().headingPath()).containsExactly("2024年政务服务工作总结");
    assertThat(chunks.getFirst().metadata()).containsEntry("page", "1");
    Chunk table = chunks.stream().filter(c -> c.text().contains("| 补贴名称 |")).findFirst().orElseThrow();
    assertThat(table.metadata()).containsEntry("page", "2");
  }

  /** Random texts: no character lost between consecutive chunks except the overlap, no chunk over max. */
  @Test
  void randomTextsLoseNothingAndStayUnderMax() {
    String[] words = {"政务", "服务", "数据", "共享", "审批", "材料", "窗口", "企业", "群众", "办理", "规定", "ab12", "2024"};
    String[] ends = {"。", "！", "？", "；", "……", "，", "、", ""};
    for (int seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      StringBuilder text = new StringBuilder();
      int sentences = 1 + random.nextInt(40);
      for (int s = 0; s < sentences; s++) {
        int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 60 : 12);
        for (int w = 0; w < length; w++) {
          text.append(words[random.nextInt(words.length)]);
          if (random.nextInt(8) == 0) {
            text.append(ends[random.nextInt(ends.length)]);
          }
        }
        text.append(ends[random.nextInt(5)]);
        text.append(random.nextInt(6) == 0 ? "\n" : "");
        text.append(s + 1000); // numbers make sentences distinct, so a chunk has one place in the text
      }
      int max = 50 + random.nextInt(200);
      int overlap = random.nextInt(max / 2);
      String original = text.toString();
      List<Chunk> chunks = chunk(Samples.text("txt", original), settings(max, overlap, 0));
      String flat = original.replace("\n", "");
      int covered = 0;
      int previousStart = -1;
      for (Chunk c : chunks) {
        String piece = c.text().replace("\n", "");
        assertThat(piece.length()).as("seed %d", seed).isLessThanOrEqualTo(max);
        int start = flat.indexOf(piece, previousStart + 1);
        assertThat(start).as("seed %d: chunk is text of the document in order: %s", seed, piece)
            .isGreaterThan(previousStart);
        assertThat(start).as("seed %d: no gap before %s", seed, piece).isLessThanOrEqualTo(covered);
        assertThat(covered - start).as("seed %d: overlap within limit", seed).isLessThanOrEqualTo(overlap);
        covered = start + piece.length();
        previousStart = start;
      }
      assertThat(covered).as("seed %d: all of the text", seed).isEqualTo(flat.strip().length());
    }
  }
}
