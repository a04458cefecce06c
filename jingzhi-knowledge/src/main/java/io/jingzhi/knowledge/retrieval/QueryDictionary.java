package io.jingzhi.knowledge.retrieval;

import java.util.List;

/**
 * The dictionary entries that apply to one search (the union of the dictionaries linked to the bases searched).
 * Dictionary expansion runs before, and wins over, any model-based query rewriting.
 */
public record QueryDictionary(List<Entry> entries) {

  public QueryDictionary {
    entries = List.copyOf(entries);
  }

  public static QueryDictionary empty() {
    return new QueryDictionary(List.of());
  }

  /**
   * One entry.
   *
   * @param kind TERM: a government term the analyzer keeps whole (一网通办); SYNONYM: {@code term} and every target
   *     are the same thing, each finds the others; ABBREVIATION: {@code term} is short for the target (公积金 →
   *     住房公积金), the query searches both; ESCAPE (转义): the user's wording {@code term} means the target
   *     (身份证丢了 → 居民身份证挂失补领), the query searches the target too, with more weight
   */
  public record Entry(String term, Kind kind, List<String> targets) {

    public enum Kind { TERM, SYNONYM, ABBREVIATION, ESCAPE }

    public Entry {
      targets = List.copyOf(targets);
    }
  }
}
