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
    return mayConvert(folded) && ZhConverterUtil.containsTraditional(folded) ? ZhConverterUtil.toSimple(folded)
        : folded;
  }

  /**
   * Whether OpenCC's traditional → simplified conversion could change {@code text}. opencc4j counts almost every
   * common character as "traditional" (TSCharacters maps 系 to 系), so asking it means segmenting and converting
   * nearly every text; only a character with a different candidate, or one of a phrase that has none, can change.
   */
  static boolean mayConvert(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (TRIGGERS[c] || Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static final boolean[] TRIGGERS = triggers();

  private static boolean[] triggers() {
    boolean[] triggers = new boolean[65536];
    try {
      for (String line : dictionary("TSCharacters.txt")) {
        String[] parts = line.split("\\s+");
        if (parts.length >= 2 && parts[0].length() == 1) {
          for (int k = 1; k < parts.length; k++) {
            triggers[parts[0].charAt(0)] |= !parts[k].equals(parts[0]);
          }
        }
      }
      for (String line : dictionary("TSPhrases.txt")) {
        String key = line.split("\\s+")[0];
        if (key.chars().noneMatch(c -> triggers[c])) {
          key.chars().forEach(c -> triggers[c] = true); // cannot happen with OpenCC's data; safe if it does
        }
      }
    } catch (java.io.IOException | RuntimeException unreadable) {
      java.util.Arrays.fill(triggers, true); // no shortcut: always ask OpenCC
    }
    return triggers;
  }

  private static java.util.List<String> dictionary(String name) throws java.io.IOException {
    try (var in = ZhConverterUtil.class.getResourceAsStream("/data/dictionary/" + name)) {
      if (in == null) {
        throw new java.io.IOException("no OpenCC dictionary " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
          .map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
  }

  /** {@link #keyChar}: the char adds nothing to the matching form (spacing, punctuation, most symbols). */
  public static final int DROPPED = -1;
  /** {@link #keyChar}: the char's matching form may depend on its neighbours; normalise whole strings instead. */
  public static final int CONTEXTUAL = -2;

  /**
   * What one char contributes to the matching form {@code compact(normalise(text))} when that does not depend on
   * the chars around it: itself in lower case (ASCII letters and digits, CJK ideographs that traditional →
   * simplified conversion never changes), {@link #DROPPED} (ASCII and other spacing, punctuation and symbols whose
   * compatibility form holds no letter, digit, combining mark or conversion trigger), else {@link #CONTEXTUAL}.
   * For a text made of non-contextual chars only, the matching form is the concatenation of their contributions:
   * NFKC composes nothing (no marks), no OpenCC conversion applies (no trigger), and the rest is per code point.
   * Lets a stream's tail be read suffix by suffix without normalising every suffix again.
   */
  public static int keyChar(char c) {
    if (c < 128) {
      return Character.isLetterOrDigit(c) ? Character.toLowerCase(c) : DROPPED;
    }
    if (c >= '\u4E00' && c <= '\u9FFF') {
      return TRIGGERS[c] ? CONTEXTUAL : c;
    }
    return KeyChars.DROPPED_CHARS[c] ? DROPPED : CONTEXTUAL;
  }

  /** The non-ASCII chars {@link #keyChar} reports as {@link #DROPPED}; computed on first use. */
  private static final class KeyChars {
    static final boolean[] DROPPED_CHARS = droppedChars();

    private static boolean[] droppedChars() {
      boolean[] dropped = new boolean[65536];
      for (int c = 128; c < 65536; c++) {
        dropped[c] = !Character.isSurrogate((char) c) && !TRIGGERS[c] && switch (Character.getType(c)) {
          case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
              Character.CONTROL, Character.FORMAT, Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
              Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
              Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL,
              Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> addsNothing(c);
          default -> false;
        };
      }
      return dropped;
    }

    /** Whether the compatibility form of {@code c} holds no letter, digit, mark or conversion trigger. */
    private static boolean addsNothing(int c) {
      String nfkc = java.text.Normalizer.normalize(String.valueOf((char) c), Form.NFKC);
      return nfkc.codePoints().noneMatch(cp -> Character.isLetterOrDigit(cp) || Character.isSurrogate((char) cp)
          || cp < 65536 && TRIGGERS[cp] || switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> true;
            default -> false;
          });
    }
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
