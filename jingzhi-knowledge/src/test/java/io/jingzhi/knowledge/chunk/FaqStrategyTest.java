package io.jingzhi.knowledge.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaqStrategyTest extends ChunkingStrategyContractTest {

  @Override
  ChunkingStrategy strategy() {
    return new FaqStrategy();
  }

  @Override
  ParsedDocument sample() {
    return Samples.faq();
  }

  @Override
  String expectedForm(String sentence) {
    return sentence.replaceFirst("^相似问法：", ""); // similar questions go to matchText without their label
  }

  @Test
  void questionAnswerPairsMatchByQuestionAndSimilarQuestions() {
    List<Chunk> chunks = chunk(Samples.faq(), settings(500, 0, 0));
    assertThat(chunks).hasSize(4);
    assertThat(chunks.getFirst().text()).isEqualTo("京东市公积金业务常见问题");
    assertThat(chunks.getFirst().matchText()).isNull();
    Chunk leave = chunks.get(1);
    assertThat(leave.text()).isEqualTo("问：离职后公积金可以提取吗？\n答：离职后账户封存满半年，且未在异地继续缴存的，可以申请提取。");
    assertThat(leave.matchText()).isEqualTo("离职后公积金可以提取吗？\n辞职了能取公积金吗\n离职多久能提取公积金？");
    assertThat(leave.indexText()).isEqualTo(leave.matchText());
    assertThat(leave.metadata()).containsEntry("question", "离职后公积金可以提取吗？");
    assertThat(chunks.get(2).text()).endsWith("最高可贷80万元。\n具体额度还与账户余额、缴存年限和还款能力有关。");
  }

  @Test
  void qaMarksNumberedQuestionsAndInlineAnswers() {
    String faq = """
        Q: 如何查询社保缴费记录？
        A: 登录“京东通”App，进入社保专区查询。
        2. 异地就医需要备案吗？
        需要。参保人异地就医前应通过国家医保服务平台备案。
        【问】新生儿如何参保？【答】在出生后三个月内由监护人办理参保登记。
        问题：医保卡丢失怎么办？ 答复：可到任一医保经办窗口挂失补办。
        3. 门诊费用能报销吗？能，职工医保门诊费用按比例报销。
        """;
    List<Chunk> chunks = chunk(Samples.text("txt", faq), settings(500, 0, 0));
    assertThat(chunks).extracting(Chunk::matchText).containsExactly("如何查询社保缴费记录？", "异地就医需要备案吗？",
        "新生儿如何参保？", "医保卡丢失怎么办？", "门诊费用能报销吗？");
    assertThat(chunks).extracting(Chunk::text).containsExactly(
        "问：如何查询社保缴费记录？\n答：登录“京东通”App，进入社保专区查询。",
        "问：异地就医需要备案吗？\n答：需要。参保人异地就医前应通过国家医保服务平台备案。",
        "问：新生儿如何参保？\n答：在出生后三个月内由监护人办理参保登记。",
        "问：医保卡丢失怎么办？\n答：可到任一医保经办窗口挂失补办。",
        "问：门诊费用能报销吗？\n答：能，职工医保门诊费用按比例报销。");
  }

  @Test
  void aTableOfQuestionsAnswersAndSimilarQuestions() {
    Table table = new Table("常见问题", List.of("分类", "标准问题", "相似问法", "答案"), List.of(
        List.of("户籍", "新生儿落户需要什么材料？", "孩子上户口要带什么|新生儿怎么落户", "出生医学证明、父母户口簿和结婚证。"),
        List.of("", "户口迁移多久办好？", "", "材料齐全的，5个工作日内办结。")));
    List<Chunk> chunks = chunk(Samples.tables("xlsx", table), settings(500, 0, 0));
    assertThat(chunks).hasSize(2);
    assertThat(chunks.getFirst().matchText()).isEqualTo("新生儿落户需要什么材料？\n孩子上户口要带什么\n新生儿怎么落户");
    assertThat(chunks.getFirst().text()).isEqualTo("问：新生儿落户需要什么材料？\n答：出生医学证明、父母户口簿和结婚证。");
    assertThat(chunks.getFirst().metadata()).containsEntry("分类", "户籍").containsEntry("sheet", "常见问题");
    assertThat(chunks.get(1).metadata()).doesNotContainKey("分类");
  }

  @Test
  void aLongAnswerIsCutWithTheQuestionRepeated() {
    String answer = "根据有关规定，符合条件的申请人可以享受补贴。".repeat(8);
    ParsedDocument doc = new ParsedDocument("txt", "text/plain", null,
        List.of(Block.paragraph("问：哪些人可以申请租房补贴？\n答：" + answer, 1)), Map.of(), 1);
    List<Chunk> chunks = chunk(doc, settings(100, 0, 0));
    assertThat(chunks).hasSizeGreaterThan(2).allSatisfy(c -> {
      assertThat(c.text()).startsWith("问：哪些人可以申请租房补贴？\n答：");
      assertThat(c.matchText()).isEqualTo("哪些人可以申请租房补贴？");
      assertThat(c.text().length()).isLessThanOrEqualTo(100);
    });
  }
}
