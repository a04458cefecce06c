package io.jingzhi.guard.engine.decode;

import net.sourceforge.pinyin4j.PinyinHelper;
import net.sourceforge.pinyin4j.format.HanyuPinyinCaseType;
import net.sourceforge.pinyin4j.format.HanyuPinyinOutputFormat;
import net.sourceforge.pinyin4j.format.HanyuPinyinToneType;
import net.sourceforge.pinyin4j.format.HanyuPinyinVCharType;
import net.sourceforge.pinyin4j.format.exception.BadHanyuPinyinOutputFormatCombination;

/**
 * Toneless pinyin of a text, so that homophones (发轮功) and terms typed in pinyin (falungong) meet the term
 * they stand for. {@link Reading#boundary} marks where syllables (or runs of Latin letters) may start or end: a
 * match must begin and end on a boundary, otherwise "xian" would also match the tail of "...xi an".
 */
public final class Pinyin {

  private static final HanyuPinyinOutputFormat FORMAT = new HanyuPinyinOutputFormat();

  static {
    FORMAT.setCaseType(HanyuPinyinCaseType.LOWERCASE);
    FORMAT.setToneType(HanyuPinyinToneType.WITHOUT_TONE);
    FORMAT.setVCharType(HanyuPinyinVCharType.WITH_V);
  }

  /** Per BMP character its syllable, "" when it has none; filled lazily (racy but idempotent). */
  private static final String[] SYLLABLES = new String[65536];

  private Pinyin() {}

  /** The pinyin text with, for each of its positions plus the end, whether a syllable boundary falls there. */
  public record Reading(String text, boolean[] boundary) {}

  public static Reading read(String text) {
    StringBuilder out = new StringBuilder(text.length() * 4);
    boolean[] boundary = new boolean[text.length() * 8 + 1];
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String syllable = syllable(c);
      boundary[out.length()] = true;
      if (syllable != null) {
        out.append(syllable);
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        // Inside typed pinyin the syllable cuts are unknown: any position may be one.
        out.append(Character.toLowerCase(c));
      } else {
        out.append(' ');
      }
    }
    boundary[out.length()] = true;
    return new Reading(out.toString(), java.util.Arrays.copyOf(boundary, out.length() + 1));
  }

  /** Pinyin key of a lexicon term: syllables run together, or null when the term has a non-Han character. */
  public static String key(String term) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < term.length(); i++) {
      String s = syllable(term.charAt(i));
      if (s == null) {
        return null;
      }
      out.append(s);
    }
    return out.toString();
  }

  private static String syllable(char c) {
    String known = SYLLABLES[c];
    if (known == null) {
      String s = lookUp(c);
      known = s == null ? "" : s;
      SYLLABLES[c] = known;
    }
    return known.isEmpty() ? null : known;
  }

  private static String lookUp(char c) {
    if (Character.UnicodeScript.of(c) != Character.UnicodeScript.HAN) {
      return null;
    }
    try {
      String[] readings = PinyinHelper.toHanyuPinyinStringArray(c, FORMAT);
      // Polyphones: the first (most common) reading; good enough for variants, which are typed by sound.
      return readings == null || readings.length == 0 ? null : readings[0];
    } catch (BadHanyuPinyinOutputFormatCombination impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
