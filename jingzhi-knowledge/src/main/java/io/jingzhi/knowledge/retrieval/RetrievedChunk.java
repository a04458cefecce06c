package io.jingzhi.knowledge.retrieval;

import java.util.List;
import java.util.Map;

/**
 * One hit of a retrieval, in the shape of the retrieve API.
 *
 * @param score the final score (see {@link Retriever} for its meaning per mode)
 * @param scores the parts it came from: {@code vector} (similarity 0–1), {@code fulltext} (raw BM25), {@code
 *     rerank}; only the parts that exist for this hit
 * @param highlight the best fragment of the text, HTML-escaped, matches in {@code <em>}
 * @param context neighbours and parent when asked for, in document order
 */
public record RetrievedChunk(long id, String text, float score, long documentId, long kbId,
    Map<String, String> metadata, List<String> headingPath, String highlight, Map<String, Float> scores,
    List<ContextChunk> context) {

  /** A chunk returned as context of a hit. */
  public record ContextChunk(long id, String text, int ordinal, String relation) {}
}
