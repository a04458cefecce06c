package io.jingzhi.agent.app;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fuzzy matching of catalog queries: every word of the query must be found, case-insensitively, as a substring of
 * the name, code, description or a tag (or, weakest, as a subsequence of the name, so 人社助手 finds 人社政策助手).
 * The score ranks exact and leading name matches first, then name, code, tag and description hits.
 */
public final class CatalogSearch {

  private CatalogSearch() {}

  /** The score of an app for the query: 0 when some word is not found, higher is better. */
  public static int score(String query, String name, String code, String description, List<String> tags) {
    String[] words = Arrays.stream(query.strip().toLowerCase(Locale.ROOT).split("\\s+"))
        .filter(w -> !w.isEmpty()).toArray(String[]::new);
    if (words.length == 0) {
      return 1;
    }
    String n = lower(name);
    String c = lower(code);
    String d = lower(description);
    List<String> t = tags == null ? List.of() : tags.stream().map(CatalogSearch::lower).toList();
    int total = 0;
    for (String w : words) {
      int s = word(w, n, c, d, t);
      if (s == 0) {
        return 0;
      }
      total += s;
    }
    return total;
  }

  private static int word(String w, String name, String code, String description, List<String> tags) {
    int s = 0;
    if (name.equals(w) || code.equals(w)) {
      s += 100;
    } else if (name.startsWith(w) || code.startsWith(w)) {
      s += 60;
    } else if (name.contains(w)) {
      s += 40;
    } else if (code.contains(w)) {
      s += 30;
    }
    if (tags.contains(w)) {
      s += 25;
    } else if (tags.stream().anyMatch(tag -> tag.contains(w))) {
      s += 15;
    }
    if (description.contains(w)) {
      s += 10;
    }
    if (s == 0 && subsequence(w, name)) {
      s = 5;
    }
    return s;
  }

  static boolean subsequence(String w, String text) {
    int i = 0;
    for (int k = 0; k < text.length() && i < w.length(); k++) {
      if (text.charAt(k) == w.charAt(i)) {
        i++;
      }
    }
    return w.length() > 1 && i == w.length();
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
