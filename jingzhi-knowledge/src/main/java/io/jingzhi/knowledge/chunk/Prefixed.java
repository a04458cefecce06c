package io.jingzhi.knowledge.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Cuts a unit too big for one chunk between sentences, repeating a context line (a path, an item) in the parts. */
final class Prefixed {

  private Prefixed() {}

  /**
   * @param prefix the context line; empty for none
   * @param onFirst whether the first part carries it too (it does when the unit's own text does not start with it)
   */
  static List<Draft> split(List<Line> lines, List<String> path, String prefix, boolean onFirst,
      Map<String, String> metadata, ChunkingSettings settings) {
    int head = prefix.isEmpty() ? 0 : prefix.length() + 1;
    // a context line that leaves too little room is not repeated; when it is part of the content (onFirst) it is
    // kept once, at the start, as ordinary text
    if (head > settings.maxChars() / 2) {
      if (onFirst) {
        List<Line> withPrefix = new ArrayList<>();
        int page = lines.isEmpty() ? 0 : lines.getFirst().page();
        for (String l : prefix.split("\n")) {
          withPrefix.add(new Line(l, page, 0, null));
        }
        withPrefix.addAll(lines);
        lines = withPrefix;
      }
      prefix = "";
      head = 0;
    }
    int budget = settings.maxChars() - head;
    List<Piece> pieces = TextPacker.pack(Line.segments(lines, budget, path), budget,
        Math.min(settings.overlapChars(), budget / 2));
    List<Draft> out = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      Piece p = pieces.get(i);
      Map<String, String> pageMetadata = Draft.withPage(metadata, p.page());
      if (head == 0 || (i == 0 && !onFirst)) {
        out.add(new Draft(p.text(), null, path, pageMetadata, p.repeated()));
      } else {
        out.add(new Draft(prefix + "\n" + p.text(), null, path, pageMetadata, head + p.repeated()));
      }
    }
    return out;
  }
}
