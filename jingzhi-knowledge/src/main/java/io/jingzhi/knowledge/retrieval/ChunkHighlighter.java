package io.jingzhi.knowledge.retrieval;

import io.jingzhi.knowledge.index.IndexQuery.Phrase;
import io.jingzhi.knowledge.index.lucene.ChineseAnalyzers;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code highlight} of a hit: the window of the chunk's text with the most matched characters, matches in
 * {@code <em>}. A match is an occurrence of one of the query's character bigrams (the view full-text search
 * matches on) or of a dictionary phrase, so a matched run is marked whole ({@code <em>住房公积金</em>}) whatever
 * the word segmenter did. Written here rather than with Lucene's highlighter because overlapping bigram tokens
 * collapse into one token group there and lose their marks. The text is HTML-escaped; only the marks are markup.
 */
public final class ChunkHighlighter {

  static final int WINDOW = 160;

  private final ChineseAnalyzers analyzers;

  public ChunkHighlighter(ChineseAnalyzers analyzers) {
    this.analyzers = analyzers;
  }

  /** What a query marks in a hit's text: worked out once per query, used for each of its hits. */
  public record Needles(Set<String> texts) {}

  public String highlight(String text, String query, List<Phrase> phrases) {
    return highlight(text, needles(query, phrases));
  }

  public String highlight(String text, Needles needles) {
    boolean[] hit = marks(text, needles.texts());
    int from = 0;
    int to = text.length();
    if (text.length() > WINDOW) {
      from = bestWindow(hit);
      to = from + WINDOW;
    }
    StringBuilder b = new StringBuilder(to - from + 32);
    if (from > 0) {
      b.append('…');
    }
    for (int i = from; i < to; i++) {
      if (hit[i] && (i == from || !hit[i - 1])) {
        b.append("<em>");
      }
      escape(b, text.charAt(i));
      if (hit[i] && (i + 1 == to || !hit[i + 1])) {
        b.append("</em>");
      }
    }
    if (to < text.length()) {
      b.append('…');
    }
    return b.toString();
  }

  /** Query bigrams and words, and dictionary phrases; single characters only when nothing longer exists. */
  public Needles needles(String query, List<Phrase> phrases) {
    Set<String> out = new LinkedHashSet<>(analyzers.tokens(ChineseAnalyzers.BIGRAMS, query));
    phrases.forEach(p -> out.add(p.text().strip().toLowerCase(Locale.ROOT)));
    if (out.stream().anyMatch(s -> s.length() > 1)) {
      out.removeIf(s -> s.length() < 2);
    }
    out.removeIf(String::isEmpty);
    return new Needles(java.util.Collections.unmodifiableSet(out));
  }

  private static boolean[] marks(String text, Set<String> needles) {
    String lower = text.toLowerCase(Locale.ROOT);
    boolean[] hit = new boolean[text.length()];
    for (String n : needles) {
      for (int at = lower.indexOf(n); at >= 0; at = lower.indexOf(n, at + 1)) {
        for (int i = at; i < Math.min(hit.length, at + n.length()); i++) {
          hit[i] = true;
        }
      }
    }
    return hit;
  }

  /** The start of the WINDOW-long span with the most marked characters (the first such span). */
  private static int bestWindow(boolean[] hit) {
    int count = 0;
    for (int i = 0; i < WINDOW; i++) {
      count += hit[i] ? 1 : 0;
    }
    int best = count;
    int bestFrom = 0;
    for (int from = 1; from + WINDOW <= hit.length; from++) {
      count += (hit[from + WINDOW - 1] ? 1 : 0) - (hit[from - 1] ? 1 : 0);
      if (count > best) {
        best = count;
        bestFrom = from;
      }
    }
    return bestFrom;
  }

  private static void escape(StringBuilder b, char c) {
    switch (c) {
      case '<' -> b.append("&lt;");
      case '>' -> b.append("&gt;");
      case '&' -> b.append("&amp;");
      case '"' -> b.append("&quot;");
      case '\'' -> b.append("&#39;");
      default -> b.append(c);
    }
  }
}
