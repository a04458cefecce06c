package io.jingzhi.agent.database;

import java.util.List;
import java.util.Map;

/** A query result as a Markdown table for an LLM or an answer node: capped in rows and characters. */
public final class MarkdownTable {

  static final int MAX_ROWS = 50;
  static final int MAX_CHARS = 8000;
  private static final int MAX_CELL = 200;

  private MarkdownTable() {}

  public static String of(List<QueryResult.Column> columns, List<Map<String, Object>> rows, boolean truncated) {
    if (columns.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("|");
    columns.forEach(c -> md.append(' ').append(cell(c.name())).append(" |"));
    md.append("\n|");
    columns.forEach(c -> md.append(c.numeric() ? " ---: |" : " --- |"));
    int shown = 0;
    for (Map<String, Object> row : rows) {
      if (shown == MAX_ROWS) {
        break;
      }
      StringBuilder line = new StringBuilder("\n|");
      columns.forEach(c -> line.append(' ').append(cell(row.get(c.name()))).append(" |"));
      if (md.length() + line.length() > MAX_CHARS) {
        break;
      }
      md.append(line);
      shown++;
    }
    if (shown < rows.size() || truncated) {
      md.append("\n\n(").append(shown).append(" of ").append(rows.size()).append(truncated ? "+" : "")
          .append(" rows shown)");
    }
    return md.toString();
  }

  private static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String s = String.valueOf(value).replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
    return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL) + "…";
  }
}
