package io.jingzhi.knowledge.chunk;

import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Service guides (办事指南): one chunk per section opened by a guide label (事项名称, 实施主体, 办理依据, 受理条件,
 * 申请材料, 办理流程, 办理时限, 收费标准, 办理地点, 咨询电话 … see {@link GuideLabels}), in line form or as a two-column
 * table of label and value. Every chunk starts with the item's name (事项名称：…) and carries metadata {@code item}
 * and {@code section}; a guide listing several items starts a new item at each 事项名称. Text before the first label
 * is the section 概述; a section too big for one chunk is cut between sentences with the item and label repeated.
 */
@Component
public class ServiceGuideStrategy implements ChunkingStrategy {

  public static final String NAME = "service_guide";
  static final String OVERVIEW = "概述";

  private record Section(String name, List<Line> lines) {}

  private static final class Item {
    String name;
    final List<Section> sections = new ArrayList<>();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Chunk> chunk(ParsedDocument document, ChunkingSettings settings) {
    List<Item> items = items(Line.of(document));
    List<Draft> drafts = new ArrayList<>();
    for (Item item : items) {
      String name = item.name != null ? item.name : fallbackName(document, item);
      for (Section section : item.sections) {
        drafts.addAll(drafts(name, section, settings));
      }
    }
    return ChunkAssembler.assemble(drafts, settings);
  }

  private static List<Item> items(List<Line> lines) {
    List<Item> items = new ArrayList<>(List.of(new Item()));
    Section current = new Section(OVERVIEW, new ArrayList<>());
    items.getLast().sections.add(current);
    for (Line line : lines) {
      if (line.isTable() && isFieldTable(line.table())) {
        for (List<String> row : rowsWithHeader(line.table())) {
          String section = row.isEmpty() ? null : GuideLabels.section(row.getFirst());
          String value = String.join(" ", row.subList(Math.min(1, row.size()), row.size())).strip();
          if (section != null) {
            current = open(items, section, value, line.page());
          } else if (!String.join("", row).isBlank()) {
            current.lines().add(new Line(String.join(" ", row).strip(), line.page(), 0, null));
          }
        }
        continue;
      }
      GuideLabels.Match match = line.isTable() ? null : GuideLabels.match(line.text());
      if (match != null) {
        current = open(items, match.section(), match.value(), line.page());
      } else if (current.name().equals(GuideLabels.ITEM) && items.getLast().name == null && !line.isTable()) {
        items.getLast().name = line.text(); // 事项名称 on a line of its own, the name on the next
      } else {
        current.lines().add(line);
      }
    }
    for (Item item : items) {
      item.sections.removeIf(s -> s.lines().isEmpty() && !s.name().equals(GuideLabels.ITEM));
    }
    items.removeIf(i -> i.sections.isEmpty());
    return items;
  }

  /** Opens a section; 事项名称 a second time opens a new item. */
  private static Section open(List<Item> items, String name, String value, int page) {
    Item item = items.getLast();
    if (name.equals(GuideLabels.ITEM)) {
      if (item.name != null) {
        item = new Item();
        items.add(item);
      }
      item.name = value.isEmpty() ? null : value;
    }
    Section section = new Section(name, new ArrayList<>());
    if (!value.isEmpty() && !name.equals(GuideLabels.ITEM)) {
      section.lines().add(new Line(value, page, 0, null));
    }
    item.sections.add(section);
    return section;
  }

  private static List<Draft> drafts(String item, Section section, ChunkingSettings settings) {
    Map<String, String> metadata = new LinkedHashMap<>();
    List<String> path = new ArrayList<>();
    if (item != null) {
      metadata.put("item", item);
      path.add(item);
    }
    metadata.put("section", section.name());
    path.add(section.name());
    String fullItemLine = item == null ? "" : GuideLabels.ITEM + "：" + item;
    boolean itemSection = section.name().equals(GuideLabels.ITEM);
    // an item name too long to repeat stays in the 事项名称 chunk, the metadata and the heading path only
    String itemLine = itemSection || fullItemLine.length() <= settings.maxChars() / 4 ? fullItemLine : "";
    if (section.lines().isEmpty()) {
      return fullItemLine.isEmpty() ? List.of() : Prefixed.split(
          List.of(new Line(fullItemLine, 0, 0, null)), path, "", false, metadata, settings);
    }
    int page = section.lines().getFirst().page();
    String body = String.join("\n", section.lines().stream()
        .map(l -> l.isTable() ? String.join("\n", TableText.parts(l.table(), Integer.MAX_VALUE)) : l.text()).toList());
    boolean overview = section.name().equals(OVERVIEW);
    String label = overview || itemSection ? "" : section.name() + "：";
    String head = overview && (item == null || body.contains(item)) ? label : join(itemLine, label);
    String text = head.isEmpty() ? body : head + (body.contains("\n") || overview || itemSection ? "\n" : "") + body;
    if (text.length() <= settings.maxChars()) {
      int repeated = !itemLine.isEmpty() && head.startsWith(itemLine) ? itemLine.length() + 1 : 0;
      return List.of(new Draft(text, null, path, Draft.withPage(metadata, page), repeated));
    }
    return Prefixed.split(section.lines(), path, head, true, metadata, settings);
  }

  private static String join(String itemLine, String label) {
    return itemLine.isEmpty() ? label : label.isEmpty() ? itemLine : itemLine + "\n" + label;
  }

  private static String fallbackName(ParsedDocument document, Item item) {
    if (document.title() != null && !document.title().isBlank()) {
      return document.title().strip();
    }
    for (Section section : item.sections) {
      if (section.name().equals(OVERVIEW)) {
        for (Line line : section.lines()) {
          if (!line.isTable() && line.text().length() <= 60) {
            return line.text().replaceAll("[【】《》]", "").replaceAll("(办事|服务)指南$", "").strip();
          }
        }
      }
    }
    return null;
  }

  /** A table of label and value rows: most of its rows start with a guide label. */
  private static boolean isFieldTable(Table table) {
    List<List<String>> rows = rowsWithHeader(table);
    long labelled = rows.stream().filter(r -> !r.isEmpty() && GuideLabels.section(r.getFirst()) != null).count();
    return labelled >= 2 && labelled * 2 >= rows.size();
  }

  /** A field table's header is its first row (parsers make the first row the header when the file marks none). */
  private static List<List<String>> rowsWithHeader(Table table) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(table.header().stream().map(TableText::clean).toList());
    table.rows().forEach(r -> rows.add(r.stream().map(TableText::clean).toList()));
    return rows;
  }
}
