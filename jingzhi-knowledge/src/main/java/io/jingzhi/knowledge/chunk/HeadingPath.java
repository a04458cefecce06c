package io.jingzhi.knowledge.chunk;

import java.util.ArrayList;
import java.util.List;

/** The headings above a point of a document, outermost first, kept by level. */
final class HeadingPath {

  private HeadingPath() {}

  /**
   * The path after a heading of {@code level} (1 = outermost): headings at that level or deeper are closed, and a
   * skipped level leaves no gap.
   */
  static List<String> push(List<String> path, int level, String heading) {
    List<String> out = new ArrayList<>(path.subList(0, Math.min(path.size(), Math.max(0, level - 1))));
    out.add(heading);
    return List.copyOf(out);
  }
}
