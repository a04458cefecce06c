package io.jingzhi.knowledge.retrieval;

import io.jingzhi.knowledge.index.IndexQuery.Phrase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies a {@link QueryDictionary} to a query before anything else touches it (a model-based rewrite, if any,
 * works on the result and cannot undo it). TERM: a term found in the query is matched whole. ABBREVIATION: the
 * short and the full form each bring the other; both are searched. SYNONYM: any member brings all the others.
 * ESCAPE (转义): the user's wording brings its target with double weight. Every term found or added becomes a
 * phrase the index matches whole; added ones are appended to the query text ({@code expanded}), which is what is
 * embedded and reported as {@code expanded_query}.
 */
public final class DictionaryExpansion {

  /** Weight of a dictionary phrase found in or added to the query, relative to a query word. */
  static final float PHRASE_BOOST = 1.0f;
  /** Weight of a 转义 target: the dictionary says what the user means, so it outweighs the user's words. */
  static final float ESCAPE_BOOST = 2.0f;

  private DictionaryExpansion() {}

  /**
   * @param original the query as the user typed it
   * @param expanded the query plus the added terms, separated by spaces
   * @param phrases the terms to match whole, with weights
   */
  public record Expanded(String original, String expanded, List<Phrase> phrases) {}

  public static Expanded expand(String query, QueryDictionary dictionary) {
    String q = query.strip();
    String folded = q.toLowerCase(Locale.ROOT);
    Map<String, Float> phrases = new LinkedHashMap<>();
    List<String> added = new ArrayList<>();
    // Longest terms first, so 住房公积金 is seen before 公积金 would claim part of it.
    List<QueryDictionary.Entry> entries = new ArrayList<>(dictionary.entries());
    entries.sort(Comparator.comparingInt((QueryDictionary.Entry e) -> -e.term().length()));
    for (QueryDictionary.Entry e : entries) {
      switch (e.kind()) {
        case TERM -> {
          if (contains(folded, e.term())) {
            put(phrases, e.term(), PHRASE_BOOST);
          }
        }
        case ABBREVIATION, SYNONYM -> {
          List<String> group = new ArrayList<>();
          group.add(e.term());
          group.addAll(e.targets());
          // ABBREVIATION links the short form to each full form (not the full forms to each other).
          boolean found = e.kind() == QueryDictionary.Entry.Kind.SYNONYM
              ? group.stream().anyMatch(t -> contains(folded, t))
              : contains(folded, e.term()) || e.targets().stream().anyMatch(t -> contains(folded, t));
          if (found) {
            for (String t : group) {
              put(phrases, t, PHRASE_BOOST);
              addIfMissing(added, folded, t);
            }
          }
        }
        case ESCAPE -> {
          if (contains(folded, e.term())) {
            put(phrases, e.term(), PHRASE_BOOST);
            for (String t : e.targets()) {
              put(phrases, t, ESCAPE_BOOST);
              addIfMissing(added, folded, t);
            }
          }
        }
      }
    }
    String expanded = added.isEmpty() ? q : q + " " + String.join(" ", added);
    List<Phrase> list = phrases.entrySet().stream().map(p -> new Phrase(p.getKey(), p.getValue())).toList();
    return new Expanded(q, expanded, list);
  }

  private static boolean contains(String foldedQuery, String term) {
    return term != null && !term.isBlank() && foldedQuery.contains(term.strip().toLowerCase(Locale.ROOT));
  }

  private static void put(Map<String, Float> phrases, String term, float boost) {
    if (term != null && !term.isBlank()) {
      phrases.merge(term.strip(), boost, Math::max);
    }
  }

  private static void addIfMissing(List<String> added, String foldedQuery, String term) {
    String t = term.strip();
    if (!t.isEmpty() && !contains(foldedQuery, t) && !added.contains(t)) {
      added.add(t);
    }
  }
}
