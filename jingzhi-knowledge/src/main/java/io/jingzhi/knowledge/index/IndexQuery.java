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
 */
public record IndexQuery(Set<Long> kbIds, String text, float[] vector, int k, List<MetadataFilter> filters,
    boolean exact) {

  /**
   * A condition on a metadata field: equal to one of {@code values}, or (for dates and numbers) within
   * {@code from}..{@code to}, either bound optional.
   */
  public record MetadataFilter(String field, List<String> values, String from, String to) {}
}
