package io.jingzhi.agent.database;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Picks a chart for a query result from its column types, so a database node's answer can be drawn at once:
 * one row of numbers is a {@code table} (a few figures read best as figures); a text column and numeric columns is
 * a {@code bar} chart, or a {@code line} chart when the text column holds dates, months or years; a text and one
 * numeric column with few rows is a {@code pie}. Anything else is a {@code table}. {@link #toMap} also carries a
 * ready ECharts {@code option}.
 */
public record ChartSpec(String type, String x, List<String> y, String title) {

  /** Most slices a pie may have before a bar chart reads better. */
  static final int PIE_MAX_ROWS = 8;
  private static final Pattern DATE_LIKE = Pattern.compile(
      "^(\\d{4}([-/.年]\\d{1,2}([-/.月]\\d{1,2}日?)?月?)?年?|\\d{4}[-/]?Q[1-4]|\\d{1,2}月|\\d{4}-\\d{2}-\\d{2}[T ].*)$");
  private static final Pattern DATE_NAME = Pattern.compile("(?i).*(date|time|year|month|day|日期|时间|年|月|季度).*");

  public static ChartSpec choose(List<QueryResult.Column> columns, List<Map<String, Object>> rows, String title) {
    List<QueryResult.Column> numeric = columns.stream().filter(c -> isNumeric(c, rows)).toList();
    List<QueryResult.Column> labels = columns.stream().filter(c -> !numeric.contains(c)).toList();
    if (rows.isEmpty() || numeric.isEmpty()) {
      return table(columns, title);
    }
    if (rows.size() == 1 && labels.isEmpty()) {
      return table(columns, title);
    }
    if (labels.size() != 1) {
      return table(columns, title);
    }
    QueryResult.Column x = labels.getFirst();
    List<String> y = numeric.stream().map(QueryResult.Column::name).toList();
    if (x.temporal() || looksLikeDates(x, rows)) {
      return new ChartSpec("line", x.name(), y, title);
    }
    if (columns.size() == 2 && rows.size() <= PIE_MAX_ROWS && rows.size() > 1 && allNonNegative(y.getFirst(), rows)) {
      return new ChartSpec("pie", x.name(), y, title);
    }
    return new ChartSpec("bar", x.name(), y, title);
  }

  private static ChartSpec table(List<QueryResult.Column> columns, String title) {
    return new ChartSpec("table", null, columns.stream().map(QueryResult.Column::name).toList(), title);
  }

  /** Numeric by type, or text whose every value is a number (SQLite-born schemas keep numbers as text). */
  private static boolean isNumeric(QueryResult.Column c, List<Map<String, Object>> rows) {
    if (c.numeric()) {
      return !DATE_NAME.matcher(c.name()).matches() || !allYears(c.name(), rows);
    }
    return false;
  }

  private static boolean allYears(String column, List<Map<String, Object>> rows) {
    // a numeric "year" column (2019, 2020 ...) is an axis, not a measure
    return !rows.isEmpty() && rows.stream().allMatch(r -> r.get(column) instanceof Number n
        && n.doubleValue() == Math.rint(n.doubleValue()) && n.intValue() >= 1900 && n.intValue() <= 2100);
  }

  private static boolean looksLikeDates(QueryResult.Column x, List<Map<String, Object>> rows) {
    long dated = rows.stream().map(r -> r.get(x.name())).filter(v -> v != null
        && DATE_LIKE.matcher(String.valueOf(v).strip()).matches()).count();
    return dated > 0 && dated == rows.stream().filter(r -> r.get(x.name()) != null).count();
  }

  private static boolean allNonNegative(String column, List<Map<String, Object>> rows) {
    return rows.stream().allMatch(r -> r.get(column) instanceof Number n && n.doubleValue() >= 0);
  }

  /** The spec as node output: {@code type, x, y, title} and an ECharts {@code option}. */
  public Map<String, Object> toMap(List<Map<String, Object>> rows) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", type);
    out.put("x", x);
    out.put("y", y);
    out.put("title", title);
    out.put("option", option(rows));
    return out;
  }

  private Map<String, Object> option(List<Map<String, Object>> rows) {
    Map<String, Object> option = new LinkedHashMap<>();
    if (title != null && !title.isBlank()) {
      option.put("title", Map.of("text", title));
    }
    switch (type) {
      case "pie" -> {
        List<Map<String, Object>> data = new ArrayList<>();
        rows.forEach(r -> data.add(Map.of("name", String.valueOf(r.get(x)), "value", r.get(y.getFirst()))));
        option.put("tooltip", Map.of("trigger", "item"));
        option.put("series", List.of(Map.of("type", "pie", "name", y.getFirst(), "data", data)));
      }
      case "bar", "line" -> {
        option.put("tooltip", Map.of("trigger", "axis"));
        option.put("legend", Map.of("data", y));
        option.put("xAxis", Map.of("type", "category", "data", rows.stream().map(r -> String.valueOf(r.get(x)))
            .toList()));
        option.put("yAxis", Map.of("type", "value"));
        option.put("series", y.stream().map(col -> Map.of("type", type, "name", col,
            "data", rows.stream().map(r -> r.get(col)).toList())).toList());
      }
      default -> {
        // a table needs no chart: ECharts' dataset form lets a portal still render it as one
        option.put("dataset", Map.of("dimensions", y, "source", rows));
      }
    }
    return option;
  }
}
