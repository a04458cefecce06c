package io.jingzhi.knowledge.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceGuideStrategyTest extends ChunkingStrategyContractTest {

  @Override
  ChunkingStrategy strategy() {
    return new ServiceGuideStrategy();
  }

  @Override
  ParsedDocument sample() {
    return Samples.guide();
  }

  @Override
  String expectedForm(String sentence) {
    return sentence.replaceFirst("^[一二三四五六七八九十]+、", ""); // the numbering of a label line goes
  }

  @Test
  void everyLabelFormOpensItsSectionAndEveryChunkCarriesTheItem() {
    List<Chunk> chunks = chunk(Samples.guide(), settings(500, 0, 0));
    assertThat(chunks).extracting(c -> c.metadata().get("section")).containsExactly("概述", "事项名称", "实施主体",
        "办理依据", "受理条件", "申请材料", "办理流程", "办理时限", "收费标准", "办理地点", "咨询电话");
    assertThat(chunks).allSatisfy(c -> {
      assertThat(c.metadata()).containsEntry("item", "居民身份证换领");
      assertThat(c.text()).contains("居民身份证换领");
      assertThat(c.headingPath()).containsExactly("居民身份证换领", c.metadata().get("section"));
    });
    assertThat(section(chunks, "办理时限").text()).isEqualTo("事项名称：居民身份证换领\n办理时限：20个工作日");
    assertThat(section(chunks, "申请材料").text())
        .isEqualTo("事项名称：居民身份证换领\n申请材料：\n1. 原居民身份证；\n2. 居民户口簿；\n3. 符合标准的近期免冠彩色照片一张（可现场采集）。");
    // 申请材料应当齐全 in running text is no label
    assertThat(section(chunks, "受理条件").text()).endsWith("应当申请换领。申请材料应当齐全。");
    assertThat(section(chunks, "办理流程").text()).contains("申请人到户籍所在地");
  }

  @Test
  void aGuideAsATableOfLabelsAndValuesAndSeveralItems() {
    Table first = new Table(null, List.of("事项名称", "企业名称变更登记"), List.of(
        List.of("实施主体", "京东市市场监督管理局"),
        List.of("申请材料", "1. 变更登记申请书；2. 股东会决议"),
        List.of("法定时限", "15个工作日"),
        List.of("收费标准", "不收费")));
    Table second = new Table(null, List.of("事项名称", "企业注销登记"), List.of(
        List.of("实施主体", "京东市市场监督管理局"),
        List.of("承诺时限", "3个工作日")));
    List<Chunk> chunks = chunk(Samples.tables("docx", first, second), settings(500, 0, 0));
    assertThat(chunks).extracting(c -> c.metadata().get("item") + "/" + c.metadata().get("section")).containsExactly(
        "企业名称变更登记/事项名称", "企业名称变更登记/实施主体", "企业名称变更登记/申请材料", "企业名称变更登记/办理时限",
        "企业名称变更登记/收费标准", "企业注销登记/事项名称", "企业注销登记/实施主体", "企业注销登记/办理时限");
    assertThat(chunks.getLast().text()).isEqualTo("事项名称：企业注销登记\n办理时限：3个工作日");
  }

  @Test
  void aLongSectionIsCutWithItemAndLabelRepeated() {
    StringBuilder guide = new StringBuilder("事项名称：城乡居民养老保险待遇领取\n申请材料：\n");
    for (int i = 1; i <= 12; i++) {
      guide.append(i).append(". 申请人第").append(i).append("项证明材料原件及复印件一份；\n");
    }
    guide.append("办理时限：即时办结");
    List<Chunk> materials = chunk(Samples.text("txt", guide.toString()), settings(120, 0, 0)).stream()
        .filter(c -> "申请材料".equals(c.metadata().get("section"))).toList();
    assertThat(materials).hasSizeGreaterThan(2);
    assertThat(materials).allSatisfy(c -> {
      assertThat(c.text()).startsWith("事项名称：城乡居民养老保险待遇领取\n申请材料：\n");
      assertThat(c.text().length()).isLessThanOrEqualTo(120);
    });
    assertThat(materials.getLast().text()).endsWith("12. 申请人第12项证明材料原件及复印件一份；");
  }

  @Test
  void withoutAnItemNameTheTitleNamesTheItem() {
    ParsedDocument doc = new ParsedDocument("docx", "x", "残疾人两项补贴申领", Samples.paragraphs("docx",
        "受理条件：持有第二代残疾人证\n办理时限：10个工作日").blocks(), Map.of(), 1);
    List<Chunk> chunks = chunk(doc, settings(500, 0, 0));
    assertThat(chunks).allSatisfy(c -> assertThat(c.metadata()).containsEntry("item", "残疾人两项补贴申领"));
    assertThat(chunks.getFirst().text()).isEqualTo("事项名称：残疾人两项补贴申领\n受理条件：持有第二代残疾人证");
  }

  private static Chunk section(List<Chunk> chunks, String section) {
    return chunks.stream().filter(c -> section.equals(c.metadata().get("section"))).findFirst().orElseThrow();
  }
}
