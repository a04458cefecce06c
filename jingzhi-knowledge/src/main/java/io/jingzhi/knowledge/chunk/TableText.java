package io.jingzhi.knowledge.chunk;

import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders tables for chunks: as a Markdown table (models read it well), cut by rows with the header repeated in
 * every part when the whole does not fit, or a row as {@code 列名：值} lines.
 */
final class TableText {

  private TableText() {}

  /** The table in parts of at most {@code budget} characters; a row too big alone is given as packed lines. */
  static List<String> parts(Table table, int budget) {
    String head = headerLines(table.header());
    List<String> parts = new ArrayList<>();
    if (head.length() >= budget) { // a header too wide to repeat: rows as lines, the bare header as text
      if (table.rows().isEmpty()) {
        return TextPacker.packText(String.join(" | ", table.header().stream().map(TableText::clean).toList()),
            budget, 0);
      }
      table.rows().forEach(r -> parts.addAll(TextPacker.packText(fields(table.header(), r), budget, 0)));
      return parts;
    }
    StringBuilder part = new StringBuilder(head);
    int rowsInPart = 0;
    for (List<String> row : table.rows()) {
      String line = row(row);
      if (rowsInPart > 0 && part.length() + 1 + line.length() > budget) {
        parts.add(part.toString());
        part = new StringBuilder(head);
        rowsInPart = 0;
      }
      if (head.length() + 1 + line.length() > budget) {
        parts.addAll(TextPacker.packText(fields(table.header(), row), budget, 0));
        continue;
      }
      if (!part.isEmpty()) {
        part.append('\n');
      }
      part.append(line);
      rowsInPart++;
    }
    if (rowsInPart > 0 || (table.rows().isEmpty() && !head.isBlank())) {
      parts.add(part.toString());
    }
    return parts;
  }

  /** A row as {@code 列名：值} lines, empty cells left out. */
  static String fields(List<String> header, List<String> row) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < row.size(); i++) {
      String value = clean(row.get(i));
      if (value.isEmpty()) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(columnName(header, i)).append('：').append(value);
    }
    return out.toString();
  }

  /** The name of column {@code i}, or 列N when the header has none. */
  static String columnName(List<String> header, int i) {
    String name = i < header.size() ? clean(header.get(i)) : "";
    return name.isEmpty() ? "列" + (i + 1) : name;
  }

  static String clean(String cell) {
    return cell == null ? "" : cell.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  private static String headerLines(List<String> header) {
    if (header.stream().allMatch(h -> clean(h).isEmpty())) {
      return "";
    }
    return row(header) + "\n" + "| --- ".repeat(header.size()) + "|";
  }

  private static String row(List<String> cells) {
    StringBuilder out = new StringBuilder("|");
    for (String cell : cells) {
      out.append(' ').append(clean(cell).replace("|", "\\|")).append(" |");
    }
    return out.toString();
  }
}
