package io.jingzhi.knowledge.search;

import io.jingzhi.knowledge.retrieval.QueryDictionary;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The dictionary expansion of a portal query and the highlight of a found chunk, by the same rules as a base's
 * retrieval: synonyms, full forms and 转义 targets of the terms in the query are searched too, and the highlight is
 * the chunk's text around its first character the query has.
 */
final class QueryText {

  /** Characters of a highlight. */
  static final int WINDOW = 200;

  private QueryText() {}

  static String expand(String query, QueryDictionary dictionary) {
    Set<String> added = new LinkedHashSet<>();
    for (QueryDictionary.Entry e : dictionary.entries()) {
      if (e.kind() == QueryDictionary.Entry.Kind.TERM) {
        continue;
      }
      if (query.contains(e.term())) {
        e.targets().stream().filter(t -> !query.contains(t)).forEach(added::add);
      } else if (e.kind() == QueryDictionary.Entry.Kind.SYNONYM && e.targets().stream().anyMatch(query::contains)) {
        added.add(e.term());
      }
    }
    return added.isEmpty() ? query : query + " " + String.join(" ", added);
  }

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
