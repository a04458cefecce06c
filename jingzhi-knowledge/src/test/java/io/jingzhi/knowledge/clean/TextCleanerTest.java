package io.jingzhi.knowledge.clean;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextCleanerTest {

  private final TextCleaner cleaner = new TextCleaner();

  private static ParsedDocument doc(List<Block> blocks, int pages) {
    return new ParsedDocument("pdf", "application/pdf", null, blocks, Map.of(), pages);
  }

  private static ParsedDocument doc(String... paragraphs) {
    List<Block> blocks = new ArrayList<>();
    for (String p : paragraphs) {
      blocks.add(Block.paragraph(p, 0));
    }
    return new ParsedDocument("txt", "text/plain", null, blocks, Map.of(), 0);
  }

  private static final String[] BODIES = {"居住证申领条件为在本市居住半年以上。", "申请人应提交身份证和居住证明。",
      "受理后十五个工作日内办结。", "办理居住证不收取任何费用。"};

  private static final String BODY = "市政府办公厅关于进一步优化营商环境的实施意见，各区政府、各部门要认真贯彻执行。";

  @Test
  void removesInvisibleAndControlCharactersAndNormalisesFullWidth() {
    CleanedDocument out = cleaner.clean(doc("\uFEFF第\u200B一条\u00AD 申请人\u0007须提交ＡＢＣ１２３号表格，（原件）！" + BODY),
        CleaningOptions.defaults());

    assertThat(out.document().blocks().getFirst().text()).isEqualTo("第一条 申请人须提交ABC123号表格，（原件）！" + BODY);
    QualityReport report = out.report();
    assertThat(report.problem(QualityReport.INVISIBLE_CHARS).count()).isEqualTo(3);
    assertThat(report.problem(QualityReport.CONTROL_CHARS).count()).isEqualTo(1);
    assertThat(report.fixed()).contains(QualityReport.INVISIBLE_CHARS, QualityReport.CONTROL_CHARS);
    assertThat(report.score()).isBetween(90, 99);
  }

  @Test
  void keepsEnclosedListNumbersAndChineseEllipsis() {
    String text = "①身份证；②户口簿；㈠其他材料……详见附件。" + BODY;
    assertThat(cleaner.clean(doc(text), CleaningOptions.defaults()).document().text()).isEqualTo(text);
  }

  @Test
  void repairsUtf8ReadAsGbkAndReportsIt() {
    String original = "办理居住证需要提供身份证明和居住证明材料";
    String mojibake = new String(original.getBytes(StandardCharsets.UTF_8), Charset.forName("GBK"));
    assertThat(mojibake).isNotEqualTo(original);

    CleanedDocument out = cleaner.clean(doc(mojibake, BODY), CleaningOptions.defaults());

    assertThat(out.document().blocks().getFirst().text()).isEqualTo(original);
    assertThat(out.report().fixed()).contains(QualityReport.GARBLED);
    assertThat(out.report().problem(QualityReport.GARBLED).suggestion()).contains("UTF-8");
  }

  @Test
  void leavesRealChineseAlone() {
    List<String> real = List.of(BODY, "你好，欢迎来到政务服务中心。", "你好吗", "申请表（样表）第3页 ABC-123",
        "《中华人民共和国行政许可法》第十二条", "联系电话：12345；地址：人民路1号");
    CleanedDocument out = cleaner.clean(doc(real.toArray(String[]::new)), CleaningOptions.defaults());
    assertThat(out.document().blocks()).extracting(Block::text).containsExactlyElementsOf(real);
    assertThat(out.report().problem(QualityReport.GARBLED)).isNull();
  }

  @Test
  void reportsReplacementAndPrivateUseCharactersWithARatioAndAFix() {
    CleanedDocument lost = cleaner.clean(doc("申请\uFFFD\uFFFD\uFFFD材料锟斤拷清单" + BODY), CleaningOptions.defaults());
    QualityReport.Problem garbled = lost.report().problem(QualityReport.GARBLED);
    assertThat(garbled.count()).isEqualTo(6);
    assertThat(garbled.detail()).contains("%");
    assertThat(garbled.suggestion()).contains("UTF-8");
    assertThat(lost.report().fixed()).doesNotContain(QualityReport.GARBLED);

    CleanedDocument fonts = cleaner.clean(doc("\uE001\uE002\uE003\uE004\uE005\uE006 城市"), CleaningOptions.defaults());
    assertThat(fonts.report().problem(QualityReport.GARBLED).suggestion()).contains("OCR");
    assertThat(fonts.report().score()).isLessThan(lost.report().score());
  }

  @Test
  void traditionalIsReportedAndConvertedOnlyWhenAsked() {
    String traditional = "申請人應當攜帶身份證明文件到辦事大廳辦理。";
    CleanedDocument kept = cleaner.clean(doc(traditional, BODY), CleaningOptions.defaults());
    assertThat(kept.document().blocks().getFirst().text()).isEqualTo(traditional);
    assertThat(kept.report().problem(QualityReport.TRADITIONAL).suggestion()).contains("traditional→simplified");

    CleanedDocument converted = cleaner.clean(doc(traditional, BODY),
        CleaningOptions.defaults().withTraditionalToSimplified(true));
    assertThat(converted.document().blocks().getFirst().text()).isEqualTo("申请人应当携带身份证明文件到办事大厅办理。");
    assertThat(converted.report().fixed()).contains(QualityReport.TRADITIONAL);
    assertThat(converted.report().score()).isGreaterThan(kept.report().score());
  }

  @Test
  void removesRunningHeadersFootersAndPageNumbersAcrossPages() {
    List<Block> blocks = new ArrayList<>();
    String[] numbers = {"第 1 页", "- 2 -", "3/4", "Page 4 of 4"};
    for (int page = 1; page <= 4; page++) {
      blocks.add(Block.paragraph("XX市人民政府公报 2024年第" + page + "期", page));
      blocks.add(Block.heading(1, "第" + page + "章", page));
      blocks.add(Block.paragraph(BODIES[page - 1], page));
      blocks.add(Block.paragraph(numbers[page - 1], page));
    }
    CleanedDocument out = cleaner.clean(doc(blocks, 4), CleaningOptions.defaults());

    assertThat(out.document().blocks()).extracting(Block::text).containsExactly(
        "第1章", BODIES[0], "第2章", BODIES[1], "第3章", BODIES[2], "第4章", BODIES[3]);
    assertThat(out.report().problem(QualityReport.HEADER_FOOTER).count()).isEqualTo(4);
    assertThat(out.report().problem(QualityReport.PAGE_NUMBERS).count()).isEqualTo(4);
    assertThat(out.report().fixed()).contains(QualityReport.HEADER_FOOTER, QualityReport.PAGE_NUMBERS);
  }

  @Test
  void aLineOnTwoPagesOnlyIsNotAHeader() {
    List<Block> blocks = List.of(Block.paragraph("重要提示", 1), Block.paragraph(BODY + "一", 1),
        Block.paragraph("重要提示", 2), Block.paragraph(BODY + "二", 2), Block.paragraph(BODY + "三", 3));
    CleanedDocument out = cleaner.clean(doc(blocks, 3), CleaningOptions.defaults());
    assertThat(out.document().text()).contains("重要提示");
    assertThat(out.report().problem(QualityReport.HEADER_FOOTER)).isNull();
  }

  @Test
  void removesRepeatedParagraphsButNotRepeatedHeadingsOrShortLines() {
    ParsedDocument input = new ParsedDocument("docx", "x", null, List.of(
        Block.heading(2, "申请材料", 0), Block.paragraph(BODY, 0), Block.paragraph("是", 0),
        Block.heading(2, "申请材料", 0), Block.paragraph(BODY, 0), Block.paragraph("是", 0)), Map.of(), 0);
    CleanedDocument out = cleaner.clean(input, CleaningOptions.defaults());

    assertThat(out.document().blocks()).extracting(Block::text).containsExactly("申请材料", BODY, "是", "申请材料", "是");
    assertThat(out.report().problem(QualityReport.DUPLICATES).count()).isEqualTo(1);
  }

  @Test
  void cleansTableCellsButNotJsonlIdsAndMetadata() {
    Table sheet = new Table("事项", List.of("名称\u200B", "时限"), List.of(List.of("居住证", "１５日")));
    Table jsonl = new Table("jsonl", List.of("id", "text", "metadata"),
        List.of(List.of("ＩＤ-１", "问题\u200B一：" + BODY, "{\"k\":\"ｖ\"}")));
    ParsedDocument input = new ParsedDocument("xlsx", "x", null,
        List.of(Block.table(sheet, 1), Block.table(jsonl, 0)), Map.of(), 1);

    List<Block> blocks = cleaner.clean(input, CleaningOptions.defaults()).document().blocks();

    assertThat(blocks.get(0).table().header()).containsExactly("名称", "时限");
    assertThat(blocks.get(0).table().rows()).containsExactly(List.of("居住证", "15日"));
    assertThat(blocks.get(0).text()).isEqualTo("名称\t时限\n居住证\t15日");
    assertThat(blocks.get(1).table().rows().getFirst()).containsExactly("ＩＤ-１", "问题一：" + BODY, "{\"k\":\"ｖ\"}");
  }

  @Test
  void emptyAndShortDocumentsScoreLow() {
    CleanedDocument empty = cleaner.clean(doc("\u200B\u200B", "第 1 页"), CleaningOptions.defaults());
    assertThat(empty.report().score()).isZero();
    assertThat(empty.report().problem(QualityReport.EMPTY)).isNotNull();
    assertThat(empty.document().blocks()).isEmpty();

    CleanedDocument brief = cleaner.clean(doc("只有一句话。"), CleaningOptions.defaults());
    assertThat(brief.report().problem(QualityReport.SHORT).count()).isEqualTo(6);
    assertThat(brief.report().score()).isLessThanOrEqualTo(70);

    CleanedDocument clean = cleaner.clean(doc(BODY, BODY + "另外"), CleaningOptions.defaults());
    assertThat(clean.report().score()).isEqualTo(100);
    assertThat(clean.report().problems()).isEmpty();
    assertThat(clean.report().characters()).isEqualTo(BODY.length() * 2 + 2);
  }

  @Test
  void switchedOffRulesReportWithoutRemoving() {
    CleaningOptions keepAll = new CleaningOptions(false, false, false, false, false);
    CleanedDocument out = cleaner.clean(doc(BODY, "第 3 页", BODY), keepAll);
    assertThat(out.document().blocks()).hasSize(3);
    assertThat(out.report().problem(QualityReport.PAGE_NUMBERS).suggestion()).isNotNull();
    assertThat(out.report().fixed()).doesNotContain(QualityReport.PAGE_NUMBERS);
  }
}
