package io.jingzhi.knowledge.chunk;

import io.jingzhi.knowledge.parse.ParsedDocument;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Policy documents (政策文件, 条例, 办法, 通知): one chunk per article (第X条) under its 编/章/节, with the heading path
 * (第二章 申请条件 > 第十二条) and metadata {@code article}. A document without articles is cut by its （一） items,
 * else by its 一、 parts. Tiny consecutive articles of one section are merged (第九条至第十条); a long article is cut
 * between sentences, every part after the first starting with the heading path as a line of its own. What is matched
 * and embedded of a chunk starts with its section titles.
 */
@Component
public class PolicyStrategy implements ChunkingStrategy {

  public static final String NAME = "policy";

  /** The text of one article (or item, or the text of a section before its first article). */
  private record Unit(List<String> path, String label, List<Line> lines) {

    String text(int budget) {
      StringBuilder out = new StringBuilder();
      for (Line line : lines) {
        out.append(out.isEmpty() ? "" : "\n");
        out.append(line.isTable() ? String.join("\n", TableText.parts(line.table(), Integer.MAX_VALUE)) : line.text());
      }
      return out.toString();
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Chunk> chunk(ParsedDocument document, ChunkingSettings settings) {
    List<Line> lines = Line.of(document);
    PolicyLevel unitLevel = unitLevel(lines);
    if (unitLevel == null) {
      return ChunkAssembler.assemble(GeneralStrategy.drafts(lines, settings, List.of(), Map.of()), settings);
    }
    return ChunkAssembler.assemble(drafts(merge(units(lines, unitLevel), settings.maxChars()), settings), settings);
  }

  /**
   * The level that makes a chunk: articles when there are any, else （一） items, else 一、 parts; a document with
   * only 编/章/节 is cut by size within them (as if by articles that never come); null when it has no structure.
   */
  static PolicyLevel unitLevel(List<Line> lines) {
    PolicyLevel best = null;
    boolean sections = false;
    for (Line line : lines) {
      PolicyLevel level = line.isTable() ? null : PolicyLevel.of(line.text());
      if (level == PolicyLevel.ARTICLE) {
        return level;
      }
      if (level == PolicyLevel.SUBITEM || (level == PolicyLevel.ITEM && best == null)) {
        best = level;
      }
      sections |= level != null && level.ordinal() < PolicyLevel.ARTICLE.ordinal();
    }
    return best == null && sections ? PolicyLevel.ARTICLE : best;
  }

  private static List<Unit> units(List<Line> lines, PolicyLevel unitLevel) {
    EnumMap<PolicyLevel, String> headings = new EnumMap<>(PolicyLevel.class);
    List<Unit> units = new ArrayList<>();
    Unit current = new Unit(List.of(), null, new ArrayList<>());
    for (Line line : lines) {
      PolicyLevel level = line.isTable() ? null : PolicyLevel.of(line.text());
      if (level != null && level.ordinal() < unitLevel.ordinal()) {
        units.add(current);
        headings.keySet().removeIf(l -> l.ordinal() >= level.ordinal());
        String title = PolicyLevel.title(line.text());
        headings.put(level, title);
        current = new Unit(List.copyOf(headings.values()), null, new ArrayList<>());
        if (!title.equals(line.text())) {
          current.lines().add(line);
        }
      } else if (level == unitLevel) {
        units.add(current);
        String label = level == PolicyLevel.ARTICLE ? level.label(line.text()) : PolicyLevel.title(line.text());
        List<String> path = new ArrayList<>(headings.values());
        path.add(label);
        current = new Unit(path, label, new ArrayList<>(List.of(line)));
      } else {
        current.lines().add(line);
      }
    }
    units.add(current);
    units.removeIf(u -> u.lines().isEmpty());
    return units;
  }

  /** Articles this short (本办法自发布之日起施行。) say too little alone to be found; longer ones stay citable alone. */
  static final int TINY_ARTICLE = 40;

  /**
   * Joins runs of tiny articles of one section (each under {@value #TINY_ARTICLE} characters and a quarter of the
   * size, together at most half the size).
   */
  private static List<Unit> merge(List<Unit> units, int maxChars) {
    List<Unit> out = new ArrayList<>();
    int tiny = Math.min(TINY_ARTICLE, maxChars / 4);
    for (Unit unit : units) {
      Unit last = out.isEmpty() ? null : out.getLast();
      if (last != null && isArticle(last) && isArticle(unit) && section(last).equals(section(unit))
          && last.text(maxChars).length() < maxChars / 2 && unit.text(maxChars).length() < tiny
          && last.text(maxChars).length() + 1 + unit.text(maxChars).length() <= maxChars / 2
          && (last.text(maxChars).length() < tiny || last.label().contains("至"))) {
        String first = last.label().contains("至") ? last.label().substring(0, last.label().indexOf('至'))
            : last.label();
        String label = first + "至" + unit.label();
        List<String> path = new ArrayList<>(section(unit));
        path.add(label);
        List<Line> lines = new ArrayList<>(last.lines());
        lines.addAll(unit.lines());
        out.set(out.size() - 1, new Unit(path, label, lines));
      } else {
        out.add(unit);
      }
    }
    return out;
  }

  private static boolean isArticle(Unit unit) {
    return unit.label() != null && unit.label().startsWith("第");
  }

  private static List<String> section(Unit unit) {
    return unit.label() == null ? unit.path() : unit.path().subList(0, unit.path().size() - 1);
  }

  private static List<Draft> drafts(List<Unit> units, ChunkingSettings settings) {
    List<Draft> out = new ArrayList<>();
    for (Unit unit : units) {
      Map<String, String> metadata = new LinkedHashMap<>();
      if (isArticle(unit)) {
        metadata.put("article", unit.label());
      }
      metadata = Draft.withPage(metadata, unit.lines().getFirst().page());
      String text = unit.text(settings.maxChars());
      List<Draft> parts = text.length() <= settings.maxChars() ? List.of(Draft.of(text, unit.path(), metadata))
          : Prefixed.split(unit.lines(), unit.path(), String.join(" > ", unit.path()), false, metadata, settings);
      parts.forEach(d -> out.add(withSections(d, section(unit))));
    }
    return out;
  }

  /**
   * The chunk as matched and embedded starts with its 编/章/节 titles (第二章 申请条件), which its text does not repeat:
   * a search for a chapter's words finds its articles, and an article is read in its context.
   */
  private static Draft withSections(Draft draft, List<String> sections) {
    if (sections.isEmpty() || draft.text().startsWith(sections.getFirst())) {
      return draft;
    }
    return new Draft(draft.text(), String.join(" > ", sections) + "\n" + draft.text(), draft.path(),
        draft.metadata(), draft.repeated());
  }
}
