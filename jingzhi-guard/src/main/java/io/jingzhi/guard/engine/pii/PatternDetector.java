package io.jingzhi.guard.engine.pii;

import io.jingzhi.guard.engine.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detector made of a candidate pattern and a scorer: the pattern finds what looks right, the scorer weighs
 * what it found (a check digit, a nearby keyword) and returns 0 to drop it. {@code group} selects the value.
 */
public record PatternDetector(PiiType type, String rule, Pattern pattern, int group, ToDoubleFunction<Candidate> scorer)
    implements PiiDetector {

  /** What the scorer sees: the value, its digits only, and the text around it. */
  public record Candidate(String value, String digits, String text, int start, int end) {

    public String before(int chars) {
      return text.substring(Math.max(0, start - chars), start);
    }
  }

  @Override
  public List<PiiMatch> detect(String text) {
    List<PiiMatch> out = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      int s = m.start(group);
      int e = m.end(group);
      String value = text.substring(s, e);
      double confidence = scorer.applyAsDouble(new Candidate(value, value.replaceAll("\\D", ""), text, s, e));
      if (confidence > 0) {
        out.add(new PiiMatch(type, new Span(s, e), value, confidence, rule));
      }
    }
    return out;
  }
}
