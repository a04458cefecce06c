package io.jingzhi.guard.engine.pii;

import io.jingzhi.guard.engine.GuardException;
import io.jingzhi.guard.engine.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An operator's own sensitive string or regular expression (project code names, internal account formats).
 * An invalid expression is rejected when the rule is made, with the reason, never when text is checked.
 */
public final class CustomRule implements PiiDetector {

  private final String name;
  private final Pattern pattern;

  private CustomRule(String name, Pattern pattern) {
    this.name = name;
    this.pattern = pattern;
  }

  public static CustomRule literal(String name, String value) {
    if (value == null || value.isEmpty()) {
      throw new GuardException("custom rule '" + name + "': empty string");
    }
    return new CustomRule(name, Pattern.compile(Pattern.quote(value)));
  }

  public static CustomRule regex(String name, String regex) {
    if (regex == null || regex.isEmpty()) {
      throw new GuardException("custom rule '" + name + "': empty expression");
    }
    try {
      Pattern p = Pattern.compile(regex);
      if (p.matcher("").matches()) {
        throw new GuardException("custom rule '" + name + "': the expression matches the empty string");
      }
      return new CustomRule(name, p);
    } catch (PatternSyntaxException e) {
      throw new GuardException("custom rule '" + name + "': invalid expression: " + e.getDescription()
          + " near index " + e.getIndex(), e);
    }
  }

  public String name() {
    return name;
  }

  @Override
  public List<PiiMatch> detect(String text) {
    List<PiiMatch> out = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      if (m.end() > m.start()) {
        out.add(new PiiMatch(PiiType.CUSTOM, new Span(m.start(), m.end()), m.group(), 0.9, name));
      }
    }
    return out;
  }
}
