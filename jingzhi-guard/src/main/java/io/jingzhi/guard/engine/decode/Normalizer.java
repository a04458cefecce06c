package io.jingzhi.guard.engine.decode;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import java.text.Normalizer.Form;

/**
 * Undoes the cheap disguises: full-width and other compatibility forms (NFKC), case, zero-width and
 * formatting characters, emoji, and traditional Chinese (OpenCC's TSCharacters/TSPhrases through opencc4j).
 * {@link #compact} further drops spacing and punctuation, so "炸 。弹" and "炸-弹" read as "炸弹".
 */
public final class Normalizer {

  private Normalizer() {}

  public static String normalise(String text) {
    String nfkc = java.text.Normalizer.normalize(text, Form.NFKC);
    StringBuilder out = new StringBuilder(nfkc.length());
    nfkc.codePoints().forEach(cp -> {
      if (!isInvisible(cp) && !isEmoji(cp)) {
        out.appendCodePoint(Character.toLowerCase(cp));
      }
    });
    String folded = out.toString();
    return ZhConverterUtil.containsTraditional(folded) ? ZhConverterUtil.toSimple(folded) : folded;
  }

  /** The normalised text without whitespace, punctuation and symbols. */
  public static String compact(String normalised) {
    StringBuilder out = new StringBuilder(normalised.length());
    normalised.codePoints().forEach(cp -> {
      if (Character.isLetterOrDigit(cp)) {
        out.appendCodePoint(cp);
      }
    });
    return out.toString();
  }

  /** Width folding only (full-width ASCII to half-width), one char for one char, so offsets still hold. */
  public static String foldWidth(String text) {
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (c >= '\uFF01' && c <= '\uFF5E') {
        chars[i] = (char) (c - 0xFEE0);
      } else if (c == '\u3000') {
        chars[i] = ' ';
      }
    }
    return new String(chars);
  }

  static boolean isInvisible(int cp) {
    return cp == 0x00AD || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F)
        || (cp >= 0xE0000 && cp <= 0xE007F) || Character.getType(cp) == Character.FORMAT;
  }

  static boolean isEmoji(int cp) {
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x1F1E6 && cp <= 0x1F1FF)
        || cp == 0x20E3 || (cp >= 0x2B00 && cp <= 0x2BFF);
  }
}
