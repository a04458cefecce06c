package io.jingzhi.knowledge.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.parse.ParsedDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyStrategyTest extends ChunkingStrategyContractTest {

  @Override
  ChunkingStrategy strategy() {
    return new PolicyStrategy();
  }

  @Override
  ParsedDocument sample() {
    return Samples.policy();
  }

  @Test
  void oneChunkPerArticleWithChapterSectionAndArticleInTheHeadingPath() {
    List<Chunk> chunks = chunk(Samples.policy(), settings(500, 50, 0));
    assertThat(chunks.getFirst().text()).isEqualTo("京东市老旧小区改造补助资金管理办法\n京政办发〔2024〕12号");
    assertThat(chunks.getFirst().headingPath()).isEmpty();
    Chunk fourth = article(chunks, "第四条");
    assertThat(fourth.headingPath()).containsExactly("第二章 支持范围和标准", "第一节 支持范围", "第四条");
    assertThat(fourth.text()).startsWith("第四条 补助资金支持以下改造内容：\n（一）供水")
        .endsWith("（三）小区内道路、停车设施和无障碍设施建设。");
    assertThat(article(chunks, "第七条").headingPath()).containsExactly("第三章 监督管理", "第七条");
    assertThat(article(chunks, "第五条").text()).isEqualTo("第五条 已纳入其他市级专项资金支持的项目，不得重复申请。");
    assertThat(chunks).noneMatch(c -> c.text().contains("第一章 总则"));
  }

  @Test
  void tinyArticlesOfOneSectionAreMergedButNotAcrossSections() {
    List<Chunk> chunks = chunk(Samples.policy(), settings(500, 0, 0));
    Chunk merged = article(chunks, "第九条至第十条");
    assertThat(merged.headingPath()).containsExactly("第四章 附则", "第九条至第十条");
    assertThat(merged.text()).isEqualTo("第九条 本办法由市财政局负责解释。\n第十条 本办法自2024年3月1日起施行。");
    // 第八条 is short too, but in another chapter; 第二条 and 第三条 are long enough to be found alone
    assertThat(article(chunks, "第八条").headingPath()).containsExactly("第三章 监督管理", "第八条");
    assertThat(chunks.stream().map(c -> c.metadata().get("article"))).contains("第二条", "第三条", "第五条");
    // at a small size two tiny articles do not fit half a chunk, so they stay apart
    assertThat(chunk(Samples.policy(), settings(60, 0, 0)).stream().map(c -> c.metadata().get("article")))
        .contains("第九条", "第十条");
  }

  @Test
  void aLongArticleIsCutBetweenSentencesWithThePathRepeated() {
    List<Chunk> parts = chunk(Samples.policy(), settings(150, 0, 0)).stream()
        .filter(c -> "第六条".equals(c.metadata().get("article"))).toList();
    assertThat(parts).hasSizeGreaterThan(2);
    assertThat(parts.getFirst().text()).startsWith("第六条 补助标准");
    for (Chunk part : parts.subList(1, parts.size())) {
      assertThat(part.text()).startsWith("第二章 支持范围和标准 > 第二节 补助标准 > 第六条\n");
      assertThat(part.text()).matches("(?s).*[。；，]$");
      assertThat(part.headingPath()).containsExactly("第二章 支持范围和标准", "第二节 补助标准", "第六条");
    }
  }

  @Test
  void aNoticeWithoutArticlesIsCutByItsNumberedItems() {
    String notice = """
        关于做好2025年春节期间安全生产工作的通知
        各区人民政府，市政府各委办局：
        为切实做好春节期间安全生产工作，现将有关事项通知如下。
        一、提高思想认识
        （一）压实安全责任。各单位主要负责人要亲自部署，逐级落实责任。
        （二）加强值班值守。严格执行二十四小时值班和领导带班制度。
        二、突出重点领域
        （一）燃气安全。开展餐饮场所燃气安全专项检查。
        （二）消防安全。加强人员密集场所消防巡查。
        特此通知。
        """;
    List<Chunk> chunks = chunk(Samples.paragraphs("docx", notice), settings(500, 0, 0));
    assertThat(chunks.getFirst().text()).startsWith("关于做好2025年春节期间安全生产工作的通知");
    Chunk gas = chunks.stream().filter(c -> c.text().startsWith("（一）燃气安全")).findFirst().orElseThrow();
    assertThat(gas.headingPath()).containsExactly("二、突出重点领域", "（一）燃气安全");
    assertThat(gas.metadata()).doesNotContainKey("article");
    Chunk last = chunks.stream().filter(c -> c.text().contains("消防安全")).findFirst().orElseThrow();
    assertThat(last.text()).endsWith("特此通知。");
  }

  @Test
  void partsAndArticleReferencesInRunningText() {
    String code = """
        第一编 总则
        第一章 基本规定
        第一条 为了保护民事主体的合法权益，调整民事关系，维护社会和经济秩序，根据宪法，制定本法。
        第二条 依照本法第一条的规定，民事主体在民事活动中的法律地位一律平等，任何组织或者个人不得侵犯。
        第二编 物权
        第一章 通则
        第三条 不动产物权的设立、变更、转让和消灭，经依法登记，发生效力；未经登记，不发生效力。
        """;
    List<Chunk> chunks = chunk(Samples.text("txt", code), settings(1000, 0, 0));
    assertThat(chunks).extracting(c -> c.metadata().get("article")).containsExactly("第一条", "第二条", "第三条");
    assertThat(chunks.get(1).headingPath()).containsExactly("第一编 总则", "第一章 基本规定", "第二条");
    assertThat(chunks.get(2).headingPath()).containsExactly("第二编 物权", "第一章 通则", "第三条");
  }

  @Test
  void chaptersWithoutArticlesAreCutBySizeWithinTheirChapter() {
    String plan = """
        京东市数字政府建设三年行动计划
        第一章 发展基础
        近年来，全市政务数据共享交换平台累计共享数据超过十亿条。一网通办事项覆盖率达到百分之九十八。
        第二章 主要任务
        推进政务服务标准化、规范化、便利化。加快公共数据开放，培育数据要素市场。
        """;
    List<Chunk> chunks = chunk(Samples.paragraphs("docx", plan), settings(500, 0, 0));
    assertThat(chunks).extracting(Chunk::headingPath)
        .containsExactly(List.of(), List.of("第一章 发展基础"), List.of("第二章 主要任务"));
    assertThat(chunks.get(2).text()).isEqualTo("推进政务服务标准化、规范化、便利化。加快公共数据开放，培育数据要素市场。");
  }

  private static Chunk article(List<Chunk> chunks, String article) {
    return chunks.stream().filter(c -> article.equals(c.metadata().get("article"))).findFirst().orElseThrow();
  }
}
