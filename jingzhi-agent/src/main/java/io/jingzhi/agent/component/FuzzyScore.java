package io.jingzhi.agent.component;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Fuzzy matching of the catalog without pinyin: a case-insensitive substring match scores highest (in the name
 * more than in tags or the description), and character bigram overlap (the share of the query's bigrams found in
 * the text) catches near misses and Chinese queries whose words are split differently ({@code 身份证校验} finds
 * {@code 校验身份证号码}).
 */
public final class FuzzyScore {

  /** Below this a bigram-only match is noise. */
  static final double MIN_BIGRAM = 0.25;

  private FuzzyScore() {}

  /** 0 for no match; higher is better. */
  public static double score(String query, String name, String description, List<String> tags) {
    String q = normalize(query);
    if (q.isEmpty()) {
      return 1;
    }
    String n = normalize(name);
    String d = normalize(description);
    String t = normalize(String.join(" ", tags));
    double score = 0;
    if (n.equals(q)) {
      score += 10;
    } else if (n.contains(q)) {
      score += 6;
    }
    if (t.contains(q)) {
      score += 4;
    }
    if (d.contains(q)) {
      score += 3;
    }
    double bigrams = Math.max(overlap(q, n), Math.max(overlap(q, t), 0.8 * overlap(q, d)));
    if (bigrams >= MIN_BIGRAM) {
      score += 2 * bigrams;
    }
    return score;
  }

  /** The share of the query's bigrams found in the text (the text may be long, so not a symmetric measure). */
  static double overlap(String query, String text) {
    Set<String> q = bigrams(query);
    if (q.isEmpty() || text.isEmpty()) {
      return 0;
    }
    Set<String> t = bigrams(text);
    long shared = q.stream().filter(t::contains).count();
    return (double) shared / q.size();
  }

  private static Set<String> bigrams(String s) {
    Set<String> out = new HashSet<>();
    String compact = s.replaceAll("\\s+", " ");
    if (compact.codePointCount(0, compact.length()) == 1) {
      out.add(compact);
      return out;
    }
    int[] cps = compact.codePoints().toArray();
    for (int i = 0; i + 1 < cps.length; i++) {
      if (cps[i] != ' ' && cps[i + 1] != ' ') {
        out.add(new String(cps, i, 2));
      }
    }
    return out;
  }

  private static String normalize(String s) {
    return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
  }
}
