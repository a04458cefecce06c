package io.jingzhi.guard.engine.pii;

import io.jingzhi.guard.engine.GuardException;
import io.jingzhi.guard.engine.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An operator's own sensitive string or regular expression (project code names, internal account formats).
 * An invalid expression is rejected when the rule is made, with the reason, never when text is checked. So is an
 * expression with a nested unbounded quantifier ({@code (a+)+}), the usual cause of catastrophic backtracking; and
 * because no syntactic test catches every slow expression, matching also stops after a budget of character reads
 * proportional to the text, so one bad rule cannot stall a check.
 */
public final class CustomRule implements PiiDetector {

  /** Longest pattern accepted: rules name code words and account formats, not grammars. */
  public static final int MAX_PATTERN_CHARS = 500;
  /** Character reads allowed per character of text (plus a fixed allowance) before matching gives up. */
  static final int READS_PER_CHAR = 200;

  private final String name;
  private final Pattern pattern;
  private final String label;
  private final MaskStrategy strategy;

  private CustomRule(String name, Pattern pattern, String label, MaskStrategy strategy) {
    this.name = name;
    this.pattern = pattern;
    this.label = label;
    this.strategy = strategy;
  }

  public static CustomRule literal(String name, String value) {
    if (value == null || value.isEmpty()) {
      throw new GuardException("custom rule '" + name + "': empty string");
    }
    if (value.length() > MAX_PATTERN_CHARS) {
      throw new GuardException("custom rule '" + name + "': longer than " + MAX_PATTERN_CHARS + " characters");
    }
    return new CustomRule(name, Pattern.compile(Pattern.quote(value)), null, null);
  }

  public static CustomRule regex(String name, String regex) {
    if (regex == null || regex.isEmpty()) {
      throw new GuardException("custom rule '" + name + "': empty expression");
    }
    if (regex.length() > MAX_PATTERN_CHARS) {
      throw new GuardException("custom rule '" + name + "': longer than " + MAX_PATTERN_CHARS + " characters");
    }
    Pattern p;
    try {
      p = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new GuardException("custom rule '" + name + "': invalid expression: " + e.getDescription()
          + " near index " + e.getIndex(), e);
    }
    if (p.matcher("").matches()) {
      throw new GuardException("custom rule '" + name + "': the expression matches the empty string");
    }
    int nested = nestedQuantifier(regex);
    if (nested >= 0) {
      throw new GuardException("custom rule '" + name + "': a repeated group that itself contains a repetition"
          + " (such as (a+)+) near index " + nested + " can take exponential time; rewrite it without nesting");
    }
    return new CustomRule(name, p, null, null);
  }

  /** The same rule with its own type label (the token of {@code TOKEN} masking) and masking strategy (null: the default). */
  public CustomRule masking(String label, MaskStrategy strategy) {
    return new CustomRule(name, pattern, label == null || label.isBlank() ? null : label.strip(), strategy);
  }

  public String name() {
    return name;
  }

  /** The label shown in place of the value by {@code TOKEN} masking, or null for the generic custom token. */
  public String label() {
    return label;
  }

  /** The rule's own masking strategy, or null to use the engine's. */
  public MaskStrategy strategy() {
    return strategy;
  }

  @Override
  public List<PiiMatch> detect(String text) {
    List<PiiMatch> out = new ArrayList<>();
    Matcher m = pattern.matcher(new BoundedText(text, (long) READS_PER_CHAR * text.length() + 100_000));
    try {
      while (m.find()) {
        if (m.end() > m.start()) {
          out.add(new PiiMatch(PiiType.CUSTOM, new Span(m.start(), m.end()), m.group(), 0.9, name));
        }
      }
    } catch (BoundedText.Exhausted e) {
      // The budget ran out: keep what was found; the rule cannot stall the check.
    } catch (StackOverflowError deep) {
      // java.util.regex recurses once per repetition of a group: a long run of what the rule repeats (NO.1-1-1-…)
      // goes deeper than the stack. The matcher unwound cleanly; keep what was found, as when the budget runs out.
    }
    return out;
  }

  /**
   * Index of the first group that is repeated without bound while containing an unbounded repetition itself, or
   * -1. A deliberately simple scan: escapes and character classes are skipped, groups tracked on a stack.
   */
  static int nestedQuantifier(String regex) {
    Deque<boolean[]> groups = new ArrayDeque<>(); // [0]: the group contains an unbounded quantifier
    boolean[] top = {false};
    int i = 0;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        i = skipClass(regex, i);
        continue;
      }
      if (c == '(') {
        groups.push(top);
        top = new boolean[] {false};
      } else if (c == ')' && !groups.isEmpty()) {
        boolean inner = top[0];
        top = groups.pop();
        int q = unboundedQuantifierAt(regex, i + 1);
        if (inner && q > 0) {
          return i;
        }
        top[0] |= inner || q > 0;
      } else if (unboundedQuantifierAt(regex, i) > 0) {
        top[0] = true;
      }
      i++;
    }
    return -1;
  }

  /** Length of an unbounded quantifier ({@code *}, {@code +}, {@code {n,}}) starting at {@code i}, else 0. */
  private static int unboundedQuantifierAt(String regex, int i) {
    if (i >= regex.length()) {
      return 0;
    }
    char c = regex.charAt(i);
    if (c == '*' || c == '+') {
      return 1;
    }
    if (c == '{') {
      int close = regex.indexOf('}', i);
      if (close > 0) {
        String body = regex.substring(i + 1, close);
        if (body.matches("\\d+,\\s*")) {
          return close - i + 1;
        }
        if (body.matches("\\d+,\\d+") && Integer.parseInt(body.substring(body.indexOf(',') + 1)) > 16) {
          return close - i + 1; // a wide bound backtracks like an unbounded one
        }
      }
    }
    return 0;
  }

  private static int skipClass(String regex, int open) {
    int i = open + 1;
    if (i < regex.length() && regex.charAt(i) == '^') {
      i++;
    }
    if (i < regex.length() && regex.charAt(i) == ']') {
      i++;
    }
    int depth = 1;
    while (i < regex.length() && depth > 0) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      }
      i++;
    }
    return i;
  }

  /** A text whose characters may be read only so many times; matching past the budget throws. */
  private static final class BoundedText implements CharSequence {

    static final class Exhausted extends RuntimeException {
      Exhausted() {
        super(null, null, false, false);
      }
    }

    private final String text;
    private final long[] budget;

    BoundedText(String text, long budget) {
      this(text, new long[] {budget});
    }

    private BoundedText(String text, long[] budget) {
      this.text = text;
      this.budget = budget;
    }

    @Override
    public char charAt(int index) {
      if (--budget[0] < 0) {
        throw new Exhausted();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new BoundedText(text.substring(start, end), budget);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
