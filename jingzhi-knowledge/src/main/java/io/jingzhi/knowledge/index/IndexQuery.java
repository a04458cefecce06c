package io.jingzhi.knowledge.index;

import java.util.List;
import java.util.Set;

/**
 * One search over one or more knowledge bases. Disabled and non-searchable chunks never match; filters apply
 * inside the vector search (not after it), so k hits come back whenever k matching chunks exist.
 *
 * @param text the query text for full-text search (after dictionary expansion), null for vector only
 * @param vector the query embedding for vector search, null for full text only
 * @param exact true: exact (brute-force) vector search instead of HNSW
 * @param phrases dictionary terms to match whole (never split into words), each with its weight: the government
 *     terms, abbreviations, synonyms and 转义 targets the dictionary found in or added to the query. Matched as
 *     phrases of character bigrams, so a term added to a dictionary after indexing still matches whole.
 */
public record IndexQuery(Set<Long> kbIds, String text, float[] vector, int k, List<MetadataFilter> filters,
    boolean exact, List<Phrase> phrases) {

  public IndexQuery {
    kbIds = Set.copyOf(kbIds);
    filters = filters == null ? List.of() : List.copyOf(filters);
    phrases = phrases == null ? List.of() : List.copyOf(phrases);
  }

  /** The shape without dictionary phrases. */
  public IndexQuery(Set<Long> kbIds, String text, float[] vector, int k, List<MetadataFilter> filters,
      boolean exact) {
    this(kbIds, text, vector, k, filters, exact, List.of());
  }

  /**
   * A condition on a metadata field: equal to one of {@code values}, or (for dates and numbers) within
   * {@code from}..{@code to}, either bound optional. Besides metadata keys, {@code tags} and {@code document_id}
   * are filterable.
   */
  public record MetadataFilter(String field, List<String> values, String from, String to) {

    public MetadataFilter {
      values = values == null ? List.of() : List.copyOf(values);
    }

    public static MetadataFilter in(String field, String... values) {
      return new MetadataFilter(field, List.of(values), null, null);
    }

    public static MetadataFilter range(String field, String from, String to) {
      return new MetadataFilter(field, List.of(), from, to);
    }
  }

  /** A text matched whole, with a weight (1 = as much as the query's own words). */
  public record Phrase(String text, float boost) {}
}
