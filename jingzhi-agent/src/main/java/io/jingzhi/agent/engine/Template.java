package io.jingzhi.agent.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A text with {@code {{selector}}} references, split once into literal and reference segments. Text between
 * braces that is not a selector stays literal, so prompts may contain {@code {{ }}} of their own.
 */
public final class Template {

  /** A piece of the text: literal when {@code selector} is null. */
  public record Segment(String literal, Selector selector) {}

  private final String source;
  private final List<Segment> segments;

  private Template(String source, List<Segment> segments) {
    this.source = source;
    this.segments = List.copyOf(segments);
  }

  /** Splits the text; a plain scan, no regular expressions, so it is cheap even when not cached. */
  public static Template parse(String text) {
    List<Segment> segments = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf("{{", i);
      if (open < 0) {
        literal.append(text, i, text.length());
        break;
      }
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        literal.append(text, i, text.length());
        break;
      }
      Selector selector = Selector.parse(text.substring(open + 2, close));
      if (selector == null) {
        literal.append(text, i, open + 2);
        i = open + 2;
        continue;
      }
      literal.append(text, i, open);
      if (!literal.isEmpty()) {
        segments.add(new Segment(literal.toString(), null));
        literal.setLength(0);
      }
      segments.add(new Segment(null, selector));
      i = close + 2;
    }
    if (!literal.isEmpty()) {
      segments.add(new Segment(literal.toString(), null));
    }
    return new Template(text, segments);
  }

  public String source() {
    return source;
  }

  public List<Segment> segments() {
    return segments;
  }

  /** The selectors referenced, in order. */
  public List<Selector> selectors() {
    List<Selector> selectors = new ArrayList<>();
    for (Segment s : segments) {
      if (s.selector() != null) {
        selectors.add(s.selector());
      }
    }
    return selectors;
  }

  /** True when the whole text is exactly one reference (its value keeps its type). */
  public boolean isSingleReference() {
    return segments.size() == 1 && segments.get(0).selector() != null && source.strip().startsWith("{{")
        && source.strip().endsWith("}}");
  }

  public boolean hasReferences() {
    for (Segment s : segments) {
      if (s.selector() != null) {
        return true;
      }
    }
    return false;
  }

  /** The text with each reference replaced by its value as text. */
  public String render(Function<Selector, Object> values) {
    if (segments.size() == 1 && segments.get(0).selector() == null) {
      return segments.get(0).literal();
    }
    StringBuilder out = new StringBuilder(source.length() + 32);
    renderInto(out, 0, segments.size(), values);
    return out.toString();
  }

  /** Renders segments {@code [from, to)} into {@code out}. */
  void renderInto(StringBuilder out, int from, int to, Function<Selector, Object> values) {
    for (int i = from; i < to; i++) {
      Segment s = segments.get(i);
      out.append(s.selector() == null ? s.literal() : Values.text(values.apply(s.selector())));
    }
  }
}
