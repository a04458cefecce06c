package io.jingzhi.knowledge.chunk;

import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Tables (xlsx, xls, csv, et and tables inside documents): one chunk per row, written as {@code 列名：值} lines so
 * that the header travels with every row. The {@code columns} setting marks a column index (its line is in the
 * text that is read and matched; the default), metadata (only in metadata, e.g. a region or a date to filter by) or
 * both. Metadata {@code sheet} (the sheet or caption) and {@code row} (1-based, under the header). A row without
 * any index value is left out; a row too big for one chunk is cut between lines with its first line repeated.
 * Text outside tables is cut as general text.
 */
@Component
public class TableStrategy implements ChunkingStrategy {

  public static final String NAME = "table";

  /** The roles a column may have in the {@code columns} setting. */
  public static final List<String> ROLES = List.of("index", "metadata", "both");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Chunk> chunk(ParsedDocument document, ChunkingSettings settings) {
    List<Draft> drafts = new ArrayList<>();
    List<Line> text = new ArrayList<>();
    for (Line line : Line.withoutCaptions(Line.of(document))) {
      if (!line.isTable()) {
        text.add(line);
        continue;
      }
      drafts.addAll(GeneralStrategy.drafts(List.copyOf(text), settings, List.of(), Map.of()));
      text.clear();
      drafts.addAll(rows(line.table(), line.page(), settings));
    }
    drafts.addAll(GeneralStrategy.drafts(text, settings, List.of(), Map.of()));
    return ChunkAssembler.assemble(drafts, settings);
  }

  private static List<Draft> rows(Table table, int page, ChunkingSettings settings) {
    Map<String, String> roles = new LinkedHashMap<>();
    settings.columns().forEach((k, v) -> roles.put(k.strip().toLowerCase(Locale.ROOT), v));
    String sheet = table.name() == null || table.name().isBlank() ? null : table.name().strip();
    List<String> path = sheet == null ? List.of() : List.of(sheet);
    List<Draft> out = new ArrayList<>();
    for (int r = 0; r < table.rows().size(); r++) {
      List<String> row = table.rows().get(r);
      List<Line> lines = new ArrayList<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      if (sheet != null) {
        metadata.put("sheet", sheet);
      }
      metadata.put("row", Integer.toString(r + 1));
      for (int c = 0; c < row.size(); c++) {
        String name = TableText.columnName(table.header(), c);
        String value = TableText.clean(row.get(c));
        String role = roles.getOrDefault(name.toLowerCase(Locale.ROOT), "index");
        if (value.isEmpty()) {
          continue;
        }
        if (!role.equals("metadata")) {
          lines.add(new Line(name + "：" + value, page, 0, null));
        }
        if (!role.equals("index")) {
          metadata.put(name, value);
        }
      }
      if (lines.isEmpty()) {
        continue;
      }
      String text = String.join("\n", lines.stream().map(Line::text).toList());
      if (text.length() <= settings.maxChars()) {
        out.add(Draft.of(text, path, Draft.withPage(metadata, page)));
      } else {
        String first = lines.getFirst().text();
        out.addAll(Prefixed.split(lines.subList(1, lines.size()), path, first, true, metadata, settings));
      }
    }
    return out;
  }
}
