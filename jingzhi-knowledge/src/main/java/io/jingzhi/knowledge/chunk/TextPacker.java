package io.jingzhi.knowledge.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs segments into pieces of at most a budget of characters, cutting only between sentences, repeating whole
 * sentences as overlap. A sentence longer than the budget is cut at a comma-like mark, else at the budget, but never
 * inside a run of letters and digits (a URL, a number); a run longer than the budget stays whole.
 */
final class TextPacker {

  private static final String SOFT_BREAKS = "，、,：:）)";

  private TextPacker() {}

  static List<Piece> pack(List<Segment> segments, int budget, int overlap) {
    List<Segment> units = new ArrayList<>();
    for (Segment s : segments) {
      if (s.atomic() || s.text().length() <= budget) {
        units.add(s);
      } else {
        units.addAll(cutSentence(s, budget));
      }
    }
    List<Piece> out = new ArrayList<>();
    List<Segment> current = new ArrayList<>();
    int repeatedCount = 0;
    for (Segment u : units) {
      if (!current.isEmpty() && length(current) + u.joiner().length() + u.text().length() > budget) {
        out.add(piece(current, repeatedCount));
        current = overlapTail(current, overlap, budget - u.text().length() - u.joiner().length());
        repeatedCount = current.size();
      }
      current.add(u);
    }
    if (current.size() > repeatedCount) {
      out.add(piece(current, repeatedCount));
    }
    return out;
  }

  /** Packs plain text (sentences of its lines). */
  static List<String> packText(String text, int budget, int overlap) {
    return pack(Sentences.of(text, 0, List.of()), budget, overlap).stream().map(Piece::text).toList();
  }

  private static int length(List<Segment> segments) {
    int n = 0;
    for (int i = 0; i < segments.size(); i++) {
      n += (i == 0 ? 0 : segments.get(i).joiner().length()) + segments.get(i).text().length();
    }
    return n;
  }

  private static Piece piece(List<Segment> segments, int repeatedCount) {
    StringBuilder text = new StringBuilder();
    int repeated = 0;
    for (int i = 0; i < segments.size(); i++) {
      if (i > 0) {
        text.append(segments.get(i).joiner());
      }
      text.append(segments.get(i).text());
      if (i + 1 == repeatedCount) {
        repeated = text.length() + segments.get(i + 1).joiner().length();
      }
    }
    Segment first = segments.get(repeatedCount);
    return new Piece(text.toString(), repeated, first.page(), first.path());
  }

  /** The last whole sentences of a piece, at most {@code overlap} characters and leaving {@code room}. */
  private static List<Segment> overlapTail(List<Segment> segments, int overlap, int room) {
    int limit = Math.min(overlap, room);
    List<Segment> tail = new ArrayList<>();
    int length = 0;
    for (int i = segments.size() - 1; i >= 0; i--) {
      Segment s = segments.get(i);
      int added = s.text().length() + (tail.isEmpty() ? 0 : tail.getFirst().joiner().length());
      if (s.atomic() || length + added > limit) {
        break;
      }
      tail.addFirst(s);
      length += added;
    }
    return tail;
  }

  private static List<Segment> cutSentence(Segment s, int budget) {
    List<Segment> parts = new ArrayList<>();
    String rest = s.text();
    String joiner = s.joiner();
    while (rest.length() > budget) {
      int cut = cutPoint(rest, budget);
      parts.add(new Segment(joiner, rest.substring(0, cut).strip(), s.page(), s.path(), false));
      int next = cut;
      while (next < rest.length() && Character.isWhitespace(rest.charAt(next))) {
        next++;
      }
      joiner = rest.substring(cut, next);
      rest = rest.substring(next);
    }
    if (!rest.isEmpty()) {
      parts.add(new Segment(joiner, rest, s.page(), s.path(), false));
    }
    return parts;
  }

  private static int cutPoint(String text, int budget) {
    for (int i = budget; i > budget / 3; i--) {
      if (SOFT_BREAKS.indexOf(text.charAt(i - 1)) >= 0) {
        return i;
      }
    }
    int cut = budget;
    if (isWordChar(text.charAt(cut - 1)) && isWordChar(text.charAt(cut))) {
      int start = cut;
      while (start > 0 && isWordChar(text.charAt(start - 1))) {
        start--;
      }
      if (start > 0) {
        return start;
      }
      int end = cut;
      while (end < text.length() && isWordChar(text.charAt(end))) {
        end++;
      }
      return end;
    }
    return cut;
  }

  /** Part of a run that must not be cut: Latin letters, digits and the marks inside URLs and numbers. */
  private static boolean isWordChar(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || "./:_-%?=&#@+~".indexOf(c) >= 0);
  }
}
