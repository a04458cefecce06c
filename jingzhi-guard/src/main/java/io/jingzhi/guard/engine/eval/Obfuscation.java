package io.jingzhi.guard.engine.eval;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import java.util.function.UnaryOperator;

/** Evasion rewrites of a prompt used to check that the guard catches them as well as the plain text. */
public enum Obfuscation {
  TRADITIONAL(ZhConverterUtil::toTraditional),
  SPACES(t -> interleave(t, " ")),
  ZERO_WIDTH(t -> interleave(t, "\u200B")),
  FULL_WIDTH(Obfuscation::fullWidth);

  private final UnaryOperator<String> rewrite;

  Obfuscation(UnaryOperator<String> rewrite) {
    this.rewrite = rewrite;
  }

  public String apply(String text) {
    return rewrite.apply(text);
  }

  private static String interleave(String text, String sep) {
    StringBuilder out = new StringBuilder(text.length() * 2);
    text.codePoints().forEach(cp -> {
      if (!out.isEmpty()) {
        out.append(sep);
      }
      out.appendCodePoint(cp);
    });
    return out.toString();
  }

  // ASCII to its full-width form and spaces to ideographic spaces (Chinese text has its own full-width punctuation).
  private static String fullWidth(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      out.append(c == ' ' ? '\u3000' : c > ' ' && c < 0x7F ? (char) (c + 0xFEE0) : c);
    }
    return out.toString();
  }
}
