package io.jingzhi.agent.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartSpecTest {

  private static QueryResult.Column text(String name) {
    return new QueryResult.Column(name, "VARCHAR");
  }

  private static QueryResult.Column number(String name) {
    return new QueryResult.Column(name, "BIGINT");
  }

  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void aTextColumnWithNumbersIsABarChart() {
    var columns = List.of(text("区县"), number("办件量"), number("好评数"));
    var rows = List.of(row("区县", "东城", "办件量", 120, "好评数", 100), row("区县", "西城", "办件量", 90, "好评数", 80));
    ChartSpec chart = ChartSpec.choose(columns, rows, "各区办件");
    assertThat(chart.type()).isEqualTo("bar");
    assertThat(chart.x()).isEqualTo("区县");
    assertThat(chart.y()).containsExactly("办件量", "好评数");
    Map<String, Object> option = chart.toMap(rows);
    assertThat(option).containsKey("option");
    @SuppressWarnings("unchecked")
    var echarts = (Map<String, Object>) option.get("option");
    assertThat(echarts.get("xAxis")).isEqualTo(Map.of("type", "category", "data", List.of("东城", "西城")));
    assertThat((List<?>) echarts.get("series")).hasSize(2);
  }

  @Test
  void datesOrYearsMakeALine() {
    var months = List.of(row("月份", "2024-01", "办件量", 3), row("月份", "2024-02", "办件量", 5),
        row("月份", "2024-03", "办件量", 4));
    assertThat(ChartSpec.choose(List.of(text("月份"), number("办件量")), months, null).type()).isEqualTo("line");
    var years = List.of(row("year", 2019, "n", 3), row("year", 2020, "n", 5), row("year", 2021, "n", 9));
    ChartSpec byYear = ChartSpec.choose(List.of(number("year"), number("n")), years, null);
    assertThat(byYear.type()).as("a numeric year column is the axis").isEqualTo("line");
    assertThat(byYear.x()).isEqualTo("year");
    var chinese = List.of(row("年度", "2022年", "n", 1), row("年度", "2023年", "n", 2));
    assertThat(ChartSpec.choose(List.of(text("年度"), number("n")), chinese, null).type()).isEqualTo("line");
  }

  @Test
  void twoColumnsWithFewRowsAreAPie() {
    var rows = List.of(row("性别", "男", "人数", 12), row("性别", "女", "人数", 15));
    ChartSpec chart = ChartSpec.choose(List.of(text("性别"), number("人数")), rows, null);
    assertThat(chart.type()).isEqualTo("pie");
    @SuppressWarnings("unchecked")
    var option = (Map<String, Object>) chart.toMap(rows).get("option");
    assertThat(option.get("series").toString()).contains("name=男").contains("value=12");
  }

  @Test
  void manyRowsOrNegativeValuesAreBarsNotPies() {
    var many = new java.util.ArrayList<Map<String, Object>>();
    for (int i = 0; i < ChartSpec.PIE_MAX_ROWS + 1; i++) {
      many.add(row("k", "类" + i, "v", i));
    }
    assertThat(ChartSpec.choose(List.of(text("k"), number("v")), many, null).type()).isEqualTo("bar");
    var negative = List.of(row("k", "a", "v", -1), row("k", "b", "v", 2));
    assertThat(ChartSpec.choose(List.of(text("k"), number("v")), negative, null).type()).isEqualTo("bar");
  }

  @Test
  void oneRowOfNumbersOrNoNumbersIsATable() {
    assertThat(ChartSpec.choose(List.of(number("total"), number("avg")), List.of(row("total", 10, "avg", 2)), null)
        .type()).isEqualTo("table");
    assertThat(ChartSpec.choose(List.of(text("name"), text("country")),
        List.of(row("name", "a", "country", "b")), null).type()).isEqualTo("table");
    assertThat(ChartSpec.choose(List.of(text("name"), number("n")), List.of(), null).type()).isEqualTo("table");
    assertThat(ChartSpec.choose(List.of(text("a"), text("b"), number("n")),
        List.of(row("a", "x", "b", "y", "n", 1), row("a", "x", "b", "z", "n", 2)), null).type()).isEqualTo("table");
  }

  @Test
  void markdownEscapesAndCaps() {
    var rows = new java.util.ArrayList<Map<String, Object>>();
    for (int i = 0; i < 60; i++) {
      rows.add(row("name", "a|b" + i, "n", i));
    }
    String md = MarkdownTable.of(List.of(text("name"), number("n")), rows, true);
    assertThat(md).startsWith("| name | n |\n| --- | ---: |\n| a\\|b0 | 0 |");
    assertThat(md).endsWith("(50 of 60+ rows shown)");
  }
}
