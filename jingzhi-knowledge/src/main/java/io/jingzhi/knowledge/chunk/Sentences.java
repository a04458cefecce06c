package io.jingzhi.knowledge.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cuts text into sentences at line breaks and sentence ends (。！？；… and their ASCII forms), keeping quotes. */
final class Sentences {

  // A closing quote or bracket after the end mark belongs to the sentence; a '.' ends one only after a word and
  // before a space, so 3.14 and list numbers like "1. " stay whole.
  private static final Pattern END =
      Pattern.compile("(?:[。！？；…!?;]+|(?<=[A-Za-z)])\\.(?=\\s))[”’\"'」』）)】]*");

  private Sentences() {}

  /** The sentences of a text; each line's first sentence is joined by "\n", the others by the space they had. */
  static List<Segment> of(String text, int page, List<String> path) {
    List<Segment> out = new ArrayList<>();
    for (String rawLine : text.split("\\R")) {
      String line = rawLine.strip();
      if (!line.isEmpty()) {
        addLine(out, line, page, path);
      }
    }
    return out;
  }

  private static void addLine(List<Segment> out, String line, int page, List<String> path) {
    Matcher m = END.matcher(line);
    String joiner = "\n";
    int start = 0;
    while (m.find()) {
      out.add(new Segment(joiner, line.substring(start, m.end()), page, path, false));
      int next = m.end();
      while (next < line.length() && Character.isWhitespace(line.charAt(next))) {
        next++;
      }
      joiner = line.substring(m.end(), next);
      start = next;
    }
    if (start < line.length()) {
      out.add(new Segment(joiner, line.substring(start), page, path, false));
    }
  }
}
