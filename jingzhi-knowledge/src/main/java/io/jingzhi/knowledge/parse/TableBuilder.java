package io.jingzhi.knowledge.parse;

import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the rows of one table as a parser meets them and decides its header: the row the file marks as header
 * ({@code th}, {@code thead}), else the first row that is not empty. Empty rows and trailing empty cells are dropped.
 */
final class TableBuilder {

  private final List<List<String>> rows = new ArrayList<>();
  private List<String> markedHeader;

  void addRow(List<String> cells, boolean markedAsHeader) {
    List<String> row = trimTrailingEmpty(cells);
    if (row.isEmpty()) {
      return;
    }
    if (markedAsHeader && markedHeader == null && rows.isEmpty()) {
      markedHeader = row;
    } else {
      rows.add(row);
    }
  }

  boolean isEmpty() {
    return markedHeader == null && rows.isEmpty();
  }

  Table build(String name) {
    List<String> header = markedHeader;
    List<List<String>> body = rows;
    if (header == null) {
      header = rows.getFirst();
      body = rows.subList(1, rows.size());
    }
    int width = header.size();
    List<List<String>> padded = new ArrayList<>(body.size());
    for (List<String> row : body) {
      if (row.size() < width) {
        List<String> filled = new ArrayList<>(row);
        while (filled.size() < width) {
          filled.add("");
        }
        padded.add(filled);
      } else {
        padded.add(row);
      }
    }
    return new Table(name, header, padded);
  }

  /** The rows of a table as text: one row a line, cells separated by tabs, the header first. */
  static String text(Table table) {
    StringBuilder out = new StringBuilder(String.join("\t", table.header()));
    for (List<String> row : table.rows()) {
      out.append('\n').append(String.join("\t", row));
    }
    return out.toString();
  }

  private static List<String> trimTrailingEmpty(List<String> cells) {
    int end = cells.size();
    while (end > 0 && cells.get(end - 1).isBlank()) {
      end--;
    }
    return List.copyOf(cells.subList(0, end));
  }
}
