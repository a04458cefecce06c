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

  /** A line that a wrapped sentence runs on from: long, and without a sentence end or a colon at its end. */
  private static final Pattern OPEN_END = Pattern.compile(".{20,}[^。！？；…!?;：:”’\"'」』）)】]$");

  /**
   * Where a line starts something of its own (a heading, a numbered or bulleted item, a guide label, a question),
   * so the line before it ends even without a sentence mark.
   */
  private static final Pattern OWN_START = Pattern.compile(
      "^(?:第[零〇一二三四五六七八九十百千两\\d]+[编章节条]|[一二三四五六七八九十]+[、.．]|[（(【\\[#>*|•●·\\-+]|\\d{1,3}[.．、)）]"
          + "|[问答QA][:：])");

  /**
   * The sentences of a text. Each line's first sentence is joined by "\n", the others by the space they had. A
   * line break ends a sentence unless the line is a wrapped part of a longer sentence (text from PDFs): then the
   * sentence runs on over the break, which stays in its text.
   */
  static List<Segment> of(String text, int page, List<String> path) {
    List<Segment> out = new ArrayList<>();
    StringBuilder logical = new StringBuilder();
    String previous = null;
    for (String rawLine : text.split("\\R")) {
      String line = rawLine.strip();
      if (line.isEmpty()) {
        previous = null; // a blank line ends a paragraph, and any sentence in it
        continue;
      }
      boolean runsOn = previous != null && OPEN_END.matcher(previous).matches() && !OWN_START.matcher(line).find();
      if (!logical.isEmpty() && !runsOn) {
        addLine(out, logical.toString(), page, path);
        logical.setLength(0);
      }
      logical.append(logical.isEmpty() ? "" : "\n").append(line);
      previous = line;
    }
    if (!logical.isEmpty()) {
      addLine(out, logical.toString(), page, path);
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
