package io.jingzhi.knowledge.chunk;

import java.util.List;

/**
 * A unit of running text the packer never cuts further unless it alone exceeds the size: a sentence, or an atomic
 * block (a table part, a code block) that is never cut and never repeated as overlap.
 *
 * @param joiner what stood between the previous segment and this one in the document ("", a space, "\n")
 * @param path the heading path the segment sits under
 */
record Segment(String joiner, String text, int page, List<String> path, boolean atomic) {

  static Segment atomic(String text, int page, List<String> path) {
    return new Segment("\n", text, page, path, true);
  }
}
