package io.jingzhi.knowledge.search;

/**
 * The highlight of a found document: its best chunk's text around the first character the query has, as plain
 * text (the portal marks the query itself).
 */
final class QueryText {

  /** Characters of a highlight. */
  static final int WINDOW = 200;

  private QueryText() {}

  static String highlight(String text, String query) {
    int first = -1;
    for (int i = 0; i < query.length(); i++) {
      char ch = query.charAt(i);
      if (!Character.isWhitespace(ch)) {
        int at = text.indexOf(ch);
        if (at >= 0 && (first < 0 || at < first)) {
          first = at;
        }
      }
    }
    int from = Math.max(0, first - 40);
    int to = Math.min(text.length(), from + WINDOW);
    return (from > 0 ? "…" : "") + text.substring(from, to) + (to < text.length() ? "…" : "");
  }
}
