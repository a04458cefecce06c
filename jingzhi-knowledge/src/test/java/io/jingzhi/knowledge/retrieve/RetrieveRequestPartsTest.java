package io.jingzhi.knowledge.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.knowledge.index.IndexQuery.MetadataFilter;
import io.jingzhi.knowledge.retrieval.QueryDictionary;
import io.jingzhi.knowledge.retrieval.QueryDictionary.Entry;
import io.jingzhi.knowledge.retrieval.QueryDictionary.Entry.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RetrieveRequestPartsTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void filtersTakeValuesListsAndRanges() {
    List<MetadataFilter> filters = Filters.read(json.readTree("""
        {"domain": "就业", "doc_type": ["办法", "通知"], "publish_date": {"from": "2025-01-01"}, "year": 2026}"""));
    assertThat(filters).containsExactly(
        new MetadataFilter("domain", List.of("就业"), null, null),
        new MetadataFilter("doc_type", List.of("办法", "通知"), null, null),
        new MetadataFilter("publish_date", List.of(), "2025-01-01", null),
        new MetadataFilter("year", List.of("2026"), null, null));
    assertThat(Filters.read(null)).isEmpty();
    assertThatThrownBy(() -> Filters.read(json.readTree("[1]"))).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> Filters.read(json.readTree("{\"a\": {\"b\": 1}}"))).isInstanceOf(ApiException.class)
        .hasMessageContaining("filters.a");
    assertThatThrownBy(() -> Filters.read(json.readTree("{\"a\": [{}]}"))).isInstanceOf(ApiException.class);
  }

  @Test
  void theDictionaryAddsTargetsOfTheTermsTheQueryHas() {
    var dictionary = new QueryDictionary(List.of(
        new Entry("公积金", Kind.ABBREVIATION, List.of("住房公积金")),
        new Entry("身份证丢了", Kind.ESCAPE, List.of("居民身份证挂失补领")),
        new Entry("社保", Kind.SYNONYM, List.of("社会保险")),
        new Entry("一网通办", Kind.TERM, List.of())));
    assertThat(RetrieveService.expand("公积金怎么取", dictionary)).isEqualTo("公积金怎么取 住房公积金");
    assertThat(RetrieveService.expand("身份证丢了怎么办", dictionary)).isEqualTo("身份证丢了怎么办 居民身份证挂失补领");
    assertThat(RetrieveService.expand("社会保险怎么交", dictionary)).isEqualTo("社会保险怎么交 社保");
    assertThat(RetrieveService.expand("住房公积金提取", dictionary)).as("already there").isEqualTo("住房公积金提取");
    assertThat(RetrieveService.expand("一网通办入口", dictionary)).isEqualTo("一网通办入口");
  }

  @Test
  void theHighlightIsAWindowAroundTheFirstMatch() {
    String text = "前言".repeat(100) + "一次性创业补贴每户5000元" + "后记".repeat(100);
    String highlight = RetrieveService.highlight(text, "创业补贴");
    assertThat(highlight).startsWith("…").contains("一次性创业补贴每户5000元").endsWith("…");
    assertThat(highlight.length()).isLessThanOrEqualTo(202);
    assertThat(RetrieveService.highlight("短文", "无关")).isEqualTo("短文");
  }
}
