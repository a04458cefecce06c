package io.jingzhi.knowledge.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.knowledge.index.IndexQuery.MetadataFilter;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FiltersTest {

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
}
