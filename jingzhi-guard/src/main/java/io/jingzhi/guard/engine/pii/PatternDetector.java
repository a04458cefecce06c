package io.jingzhi.guard.engine.pii;

import io.jingzhi.guard.engine.Span;
import io.jingzhi.guard.engine.text.StartFilteredPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detector made of a candidate pattern and a scorer: the pattern finds what looks right, the scorer weighs
 * what it found (a check digit, a nearby keyword) and returns 0 to drop it. {@code group} selects the value.
 * Optionally an {@code anchor}: a cheap pattern every match contains, starting at most {@code maxBefore}
 * characters after the match's start; the pattern is then tried only near the anchor's occurrences (same matches,
 * see {@link StartFilteredPattern#anchored}).
 */
public record PatternDetector(PiiType type, String rule, Pattern pattern, int group, ToDoubleFunction<Candidate> scorer,
    Pattern anchor, int maxBefore) implements PiiDetector {

  public PatternDetector(PiiType type, String rule, Pattern pattern, int group, ToDoubleFunction<Candidate> scorer) {
    this(type, rule, pattern, group, scorer, null, 0);
  }

  /** What the scorer sees: the value, its digits only, and the text around it. */
  public record Candidate(String value, String digits, String text, int start, int end) {

    public String before(int chars) {
      return text.substring(Math.max(0, start - chars), start);
    }
  }

  @Override
  public List<PiiMatch> detect(String text) {
    List<PiiMatch> out = new ArrayList<>();
    StartFilteredPattern search = anchor == null ? StartFilteredPattern.of(pattern)
        : StartFilteredPattern.anchored(pattern, anchor, maxBefore);
    Matcher m = search.matcher(text);
    int from = 0;
    while (from <= text.length() && search.find(m, text, from)) {
      from = m.end() > m.start() ? m.end() : m.end() + 1;
      int s = m.start(group);
      int e = m.end(group);
      String value = text.substring(s, e);
      double confidence = scorer.applyAsDouble(new Candidate(value, digits(value), text, s, e));
      if (confidence > 0) {
        out.add(new PiiMatch(type, new Span(s, e), value, confidence, rule));
      }
    }
    return out;
  }

  private static String digits(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        out.append(c);
      }
    }
    return out.toString();
  }
}
