package io.jingzhi.knowledge.chunk;

import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * One non-blank line of a document, or one of its tables. Structure-aware strategies read lines because parsers
 * differ in how much they split: a text file may arrive as one paragraph block of many lines.
 *
 * @param headingLevel the level when the parser marked the line a heading, else 0
 * @param table the table when this line stands for one, else null (and {@code text} is then empty)
 */
record Line(String text, int page, int headingLevel, Table table) {

  boolean isTable() {
    return table != null;
  }

  static List<Line> of(ParsedDocument document) {
    List<Line> out = new ArrayList<>();
    for (Block block : document.blocks()) {
      if (block.kind() == Block.Kind.TABLE && block.table() != null) {
        out.add(new Line("", block.page(), 0, block.table()));
        continue;
      }
      if (block.text() == null) {
        continue;
      }
      int level = block.kind() == Block.Kind.HEADING ? Math.max(1, block.level()) : 0;
      for (String raw : block.text().split("\\R")) {
        String text = raw.strip();
        if (!text.isEmpty()) {
          out.add(new Line(text, block.page(), level, null));
        }
      }
    }
    return out;
  }

  /**
   * The lines without table captions: a heading right before a table that names it (parsers put the sheet name of
   * a spreadsheet above its table, which also carries it).
   */
  static List<Line> withoutCaptions(List<Line> lines) {
    List<Line> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      Line next = i + 1 < lines.size() ? lines.get(i + 1) : null;
      boolean caption = line.headingLevel() > 0 && next != null && next.isTable()
          && next.table().name() != null && line.text().equals(next.table().name().strip());
      if (!caption) {
        out.add(line);
      }
    }
    return out;
  }

  /**
   * Sentences of text lines as segments (a sentence may run over a line break, as in text from PDFs); a table as
   * atomic parts that fit the budget.
   */
  static List<Segment> segments(List<Line> lines, int budget, List<String> path) {
    List<Segment> out = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    int runPage = 0;
    for (Line line : lines) {
      if (!run.isEmpty() && (line.isTable() || line.page() != runPage)) {
        out.addAll(Sentences.of(run.toString(), runPage, path));
        run.setLength(0);
      }
      if (line.isTable()) {
        TableText.parts(line.table(), budget).forEach(p -> out.add(Segment.atomic(p, line.page(), path)));
      } else {
        run.append(run.isEmpty() ? "" : "\n").append(line.text());
        runPage = line.page();
      }
    }
    if (!run.isEmpty()) {
      out.addAll(Sentences.of(run.toString(), runPage, path));
    }
    return out;
  }
}
