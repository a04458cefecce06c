package io.jingzhi.knowledge.parse;

/** Tidies the raw text of one block as parsers hand it over: line breaks inside a paragraph, runs of spaces. */
final class BlockText {

  private BlockText() {}

  /**
   * Joins the lines of one paragraph — without a space between two Chinese characters (a PDF breaks Chinese lines
   * anywhere), with one elsewhere — and collapses runs of blanks.
   */
  static String tidy(CharSequence raw) {
    StringBuilder out = new StringBuilder(raw.length());
    boolean pendingBreak = false;
    boolean pendingSpace = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\n' || c == '\r') {
        pendingBreak = true;
      } else if (c == ' ' || c == '\t' || c == '\u00A0' || c == '\f') {
        pendingSpace = true;
      } else {
        if (out.length() > 0 && (pendingSpace || pendingBreak)) {
          boolean glue = !pendingSpace && isCjk(out.charAt(out.length() - 1)) && isCjk(c);
          if (!glue) {
            out.append(' ');
          }
        }
        pendingBreak = false;
        pendingSpace = false;
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Chinese, Japanese and Korean characters and the full-width punctuation written between them. */
  static boolean isCjk(char c) {
    Character.UnicodeBlock block = Character.UnicodeBlock.of(c);
    return block == Character.UnicodeBlock.CJK_UNIFIED_IDEOGRAPHS
        || block == Character.UnicodeBlock.CJK_UNIFIED_IDEOGRAPHS_EXTENSION_A
        || block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
        || block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS
        || block == Character.UnicodeBlock.CJK_COMPATIBILITY_IDEOGRAPHS
        || Character.isSurrogate(c);
  }
}
