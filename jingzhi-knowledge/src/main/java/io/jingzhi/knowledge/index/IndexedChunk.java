package io.jingzhi.knowledge.index;

import java.util.List;
import java.util.Map;

/**
 * A chunk as the index stores it. The relational store keeps the same chunk (text, metadata, enabled) as the
 * source of truth; the index can be rebuilt from it.
 *
 * @param chunkId the chunk's id in the relational store
 * @param text what retrieval returns
 * @param matchText what BM25 matches and what {@code vector} embeds (often the same as text)
 * @param vector the embedding of matchText, length = the base's embedding dimension; null: the chunk is found by
 *     full text only. Chunks read back from the index ({@code get}, {@code range}, hits) carry null here.
 * @param metadata filterable fields: issuing_unit, domain, doc_type, doc_number, publish_date, effective_date,
 *     expiry_date (ISO dates), source, title and any custom field
 * @param tags free tags, filterable
 * @param parentId the parent chunk (small-to-big), or null
 * @param searchable false for parents: stored for expansion, never matched
 * @param headingPath the headings above the chunk, outermost first (empty when none)
 */
public record IndexedChunk(long chunkId, long kbId, long documentId, long tenantId, int ordinal, String text,
    String matchText, float[] vector, Map<String, String> metadata, List<String> tags, Long parentId,
    boolean enabled, boolean searchable, List<String> headingPath) {

  public IndexedChunk {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    tags = tags == null ? List.of() : List.copyOf(tags);
    headingPath = headingPath == null ? List.of() : List.copyOf(headingPath);
    matchText = matchText == null ? text : matchText;
  }

  /** The shape before heading paths were indexed: no heading path. */
  public IndexedChunk(long chunkId, long kbId, long documentId, long tenantId, int ordinal, String text,
      String matchText, float[] vector, Map<String, String> metadata, List<String> tags, Long parentId,
      boolean enabled, boolean searchable) {
    this(chunkId, kbId, documentId, tenantId, ordinal, text, matchText, vector, metadata, tags, parentId, enabled,
        searchable, List.of());
  }
}
