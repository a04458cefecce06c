package io.jingzhi.knowledge.clean;

import java.text.Normalizer;

/**
 * Character-level cleaning of one piece of text: invisible characters (zero-width, BOM, soft hyphen, bidi marks)
 * and control characters are removed and counted; the rest is NFKC-normalised so that full-width letters and
 * digits (ＡＢＣ１２３) match their half-width forms in search. Chinese punctuation that NFKC would turn into ASCII
 * (，！？：；（）), the ellipsis, and the enclosed numbers used as list markers (①, ⑴, ㈠) are kept as written.
 */
final class CharacterRules {

  /** Counts of one run, added up over a document. */
  static final class Counts {
    int invisible;
    int control;
  }

  private CharacterRules() {}

  static String clean(String text, Counts counts) {
    StringBuilder kept = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isInvisible(c)) {
        counts.invisible++;
      } else if (isControl(c)) {
        counts.control++;
      } else {
        kept.append(c);
      }
    }
    return normalize(kept);
  }

  static boolean isInvisible(char c) {
    return (c >= '\u200B' && c <= '\u200F') || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2060' && c <= '\u2064')
        || (c >= '\u2066' && c <= '\u2069') || c == '\uFEFF' || c == '\u00AD' || c == '\u180E' || c == '\uFFFC'
        || c == '\u034F';
  }

  static boolean isControl(char c) {
    return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F);
  }

  /** NFKC outside the protected characters; each run between them is normalised on its own. */
  private static String normalize(CharSequence text) {
    StringBuilder out = new StringBuilder(text.length());
    int runStart = 0;
    for (int i = 0; i < text.length(); i++) {
      if (isProtected(text.charAt(i))) {
        out.append(Normalizer.normalize(text.subSequence(runStart, i), Normalizer.Form.NFKC));
        out.append(text.charAt(i));
        runStart = i + 1;
      }
    }
    out.append(Normalizer.normalize(text.subSequence(runStart, text.length()), Normalizer.Form.NFKC));
    return out.toString();
  }

  private static boolean isProtected(char c) {
    return switch (c) {
      case '，', '！', '？', '：', '；', '（', '）', '…', '‥', '～' -> true;
      default -> (c >= '\u2460' && c <= '\u24FF') || (c >= '\u3200' && c <= '\u32FF');
    };
  }
}
