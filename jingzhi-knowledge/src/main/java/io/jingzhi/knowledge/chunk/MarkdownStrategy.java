package io.jingzhi.knowledge.chunk;

import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Markdown (and documents whose parser marked headings): one chunk per section under its heading path, the heading
 * line first. A section too big is cut between sentences with its heading line repeated; fenced code blocks and
 * tables are never cut inside a chunk — one too big alone is cut by lines (code, each part fenced again) or rows
 * (tables, header repeated). A heading with nothing under it but deeper headings makes no chunk of its own.
 */
@Component
public class MarkdownStrategy implements ChunkingStrategy {

  public static final String NAME = "markdown";

  static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern FENCE = Pattern.compile("^\\s*(```+|~~~+).*$");

  private static final class Section {
    final List<String> path;
    final String heading;
    final List<Segment> segments = new ArrayList<>();

    Section(List<String> path, String heading) {
      this.path = path;
      this.heading = heading;
    }

    /** The length of the heading line repeated in every part, or 0 when it is too long to repeat. */
    int head(int maxChars) {
      int head = heading == null ? 0 : heading.length() + 1;
      return head > maxChars / 2 ? 0 : head;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Chunk> chunk(ParsedDocument document, ChunkingSettings settings) {
    List<Section> sections = sections(document, settings.maxChars());
    List<Draft> drafts = new ArrayList<>();
    for (int i = 0; i < sections.size(); i++) {
      Section s = sections.get(i);
      boolean hasChild = i + 1 < sections.size() && sections.get(i + 1).path.size() > s.path.size()
          && sections.get(i + 1).path.subList(0, s.path.size()).equals(s.path);
      if (s.segments.isEmpty() && (hasChild || s.heading == null)) {
        continue;
      }
      drafts.addAll(drafts(s, settings));
    }
    return ChunkAssembler.assemble(drafts, settings);
  }

  private static List<Draft> drafts(Section s, ChunkingSettings settings) {
    if (s.segments.isEmpty() && s.heading.length() <= settings.maxChars()) {
      return List.of(Draft.of(s.heading, s.path, Map.of()));
    }
    int head = s.segments.isEmpty() ? 0 : s.head(settings.maxChars());
    if (head == 0 && s.heading != null) {
      s.segments.addFirst(new Segment("\n", s.heading, 0, s.path, false)); // too long to repeat: kept once
    }
    int budget = settings.maxChars() - head;
    List<Piece> pieces = TextPacker.pack(s.segments, budget, Math.min(settings.overlapChars(), budget / 2));
    List<Draft> out = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      Piece p = pieces.get(i);
      String text = head == 0 ? p.text() : s.heading + "\n" + p.text();
      int repeated = head == 0 ? p.repeated() : i == 0 ? 0 : head + p.repeated();
      out.add(new Draft(text, null, s.path, Draft.withPage(Map.of(), p.page()), repeated));
    }
    return out;
  }

  private static List<Section> sections(ParsedDocument document, int budget) {
    List<Section> sections = new ArrayList<>(List.of(new Section(List.of(), null)));
    List<Integer> levels = new ArrayList<>();
    for (Block block : document.blocks()) {
      if (block.kind() == Block.Kind.TABLE && block.table() != null) {
        TableText.parts(block.table(), budget - sections.getLast().head(budget))
            .forEach(p -> sections.getLast().segments.add(Segment.atomic(p, block.page(), sections.getLast().path)));
      } else if (block.kind() == Block.Kind.HEADING && block.text() != null && !block.text().isBlank()) {
        open(sections, levels, Math.max(1, block.level()), block.text().strip(), block.text().strip());
      } else if (block.text() != null) {
        readText(sections, levels, block.text().split("\\R", -1), block.page(), budget);
      }
    }
    return sections;
  }

  private static void readText(List<Section> sections, List<Integer> levels, String[] lines, int page, int budget) {
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      Matcher heading = HEADING.matcher(line);
      Matcher fence = FENCE.matcher(line);
      if (fence.matches()) {
        int end = i + 1;
        while (end < lines.length && !lines[end].strip().startsWith(fence.group(1))) {
          end++;
        }
        List<String> code = List.of(lines).subList(i, Math.min(end + 1, lines.length));
        codeParts(code, fence.group(1), budget - sections.getLast().head(budget)).forEach(
            p -> sections.getLast().segments.add(Segment.atomic(p, page, sections.getLast().path)));
        i = end;
      } else if (heading.matches()) {
        open(sections, levels, heading.group(1).length(), heading.group(2), line.strip());
      } else if (line.strip().startsWith("|") && i + 1 < lines.length && lines[i + 1].strip().startsWith("|")) {
        int end = i;
        while (end + 1 < lines.length && lines[end + 1].strip().startsWith("|")) {
          end++;
        }
        tableParts(List.of(lines).subList(i, end + 1), budget - sections.getLast().head(budget)).forEach(
            p -> sections.getLast().segments.add(Segment.atomic(p, page, sections.getLast().path)));
        i = end;
      } else if (!line.isBlank()) {
        sections.getLast().segments.addAll(Sentences.of(line, page, sections.getLast().path));
      }
    }
  }

  private static void open(List<Section> sections, List<Integer> levels, int level, String title, String line) {
    List<String> path = new ArrayList<>();
    List<Integer> kept = new ArrayList<>();
    List<String> current = sections.getLast().path;
    for (int i = 0; i < levels.size() && levels.get(i) < level; i++) {
      kept.add(levels.get(i));
      path.add(current.get(i));
    }
    kept.add(level);
    path.add(title);
    levels.clear();
    levels.addAll(kept);
    sections.add(new Section(List.copyOf(path), line));
  }

  /** A fenced code block whole, or by lines with the fence repeated around each part when it is too big. */
  private static List<String> codeParts(List<String> code, String fence, int budget) {
    String whole = String.join("\n", code).strip();
    if (whole.length() <= budget) {
      return List.of(whole);
    }
    if (code.size() < 2) {
      return cutLine(whole, budget);
    }
    String first = code.getFirst().strip();
    String info = first.substring(fence.length());
    // the opening line is repeated in every part when it is a short language tag; anything longer is content
    boolean tag = info.length() <= 20;
    boolean closed = code.getLast().strip().startsWith(fence) && code.size() > 1;
    List<String> body = new ArrayList<>(tag ? List.of() : List.of(info));
    body.addAll(code.subList(1, closed ? code.size() - 1 : code.size()));
    return linesInParts(body, (tag ? first : fence) + "\n", "\n" + fence, budget);
  }

  /** A Markdown table whole, or by rows with its header (and separator) line repeated. */
  private static List<String> tableParts(List<String> rows, int budget) {
    String whole = String.join("\n", rows.stream().map(String::strip).toList());
    if (whole.length() <= budget || rows.size() < 2) {
      return List.of(whole);
    }
    boolean separator = rows.get(1).strip().matches("\\|?\\s*:?-{2,}.*");
    int headerLines = separator ? 2 : 1;
    String header = String.join("\n", rows.subList(0, headerLines).stream().map(String::strip).toList());
    if (header.length() > budget / 2) { // too wide to repeat
      return linesInParts(rows.stream().map(String::strip).toList(), "", "", budget);
    }
    return linesInParts(rows.subList(headerLines, rows.size()).stream().map(String::strip).toList(), header + "\n",
        "", budget);
  }

  /** A line longer than the room, cut at spaces where it can be (a code line rarely has sentence marks). */
  private static List<String> cutLine(String line, int room) {
    List<String> out = new ArrayList<>();
    String rest = line;
    while (rest.length() > room) {
      int cut = rest.lastIndexOf(' ', room);
      cut = cut > room / 3 ? cut : room;
      out.add(rest.substring(0, cut));
      rest = rest.substring(cut);
    }
    out.add(rest);
    return out;
  }

  private static List<String> linesInParts(List<String> lines, String before, String after, int budget) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    int room = Math.max(1, budget - before.length() - after.length());
    for (String line : lines.stream().flatMap(l -> cutLine(l, room).stream()).toList()) {
      if (!part.isEmpty() && before.length() + part.length() + 1 + line.length() + after.length() > budget) {
        parts.add(before + part + after);
        part = new StringBuilder();
      }
      part.append(part.isEmpty() ? "" : "\n").append(line);
    }
    if (!part.isEmpty()) {
      parts.add(before + part + after);
    }
    return parts;
  }
}
