package io.jingzhi.knowledge.index;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage interface of knowledge indexes: Lucene is the embedded default; a scale-out backend
 * (OpenSearch/Elasticsearch) implements the same contract. Writes are visible to searches when the call returns.
 * Bases are isolated from one another: a search sees only the bases it names.
 */
public interface KnowledgeIndex extends AutoCloseable {

  /** The similarities a base's vectors may be compared with. */
  List<String> SIMILARITIES = List.of("cosine", "dot_product", "l2");

  int MIN_DIMENSION = 2;
  int MAX_DIMENSION = 4096;

  /**
   * Declares a base's vectors: {@code dimension} 2–4096 and {@code similarity} cosine | dot_product | l2. Idempotent
   * when the settings are unchanged; a change on a base that holds chunks is refused ({@code index.settings_changed},
   * 409: delete the base's index and rebuild). A base never declared takes the dimension of its first vector and
   * cosine.
   */
  void ensureBase(long kbId, int dimension, String similarity);

  /** Adds or replaces chunks (by chunk id). */
  void upsert(List<IndexedChunk> chunks);

  void deleteDocument(long kbId, long documentId);

  /**
   * Replaces every entry of one document with {@code chunks} (all of base {@code kbId}, document {@code documentId}).
   * A backend that can should make it one write, so a search never sees the document half replaced or gone; this
   * default deletes, then adds.
   */
  default void replaceDocument(long kbId, long documentId, List<IndexedChunk> chunks) {
    requireOfDocument(kbId, documentId, chunks);
    deleteDocument(kbId, documentId);
    if (!chunks.isEmpty()) {
      upsert(chunks);
    }
  }

  /**
   * {@link #replaceDocument}, but the write need not be visible to searches before the next {@link #refresh} of the
   * base (or a later write that is). Bulk loads (ingestion jobs) use it to make a batch of documents visible at once
   * instead of paying a refresh per document. This default is {@link #replaceDocument}, visible at once.
   */
  default void replaceDocumentDeferred(long kbId, long documentId, List<IndexedChunk> chunks) {
    replaceDocument(kbId, documentId, chunks);
  }

  /** Makes every write to base {@code kbId} so far visible to searches when it returns. */
  default void refresh(long kbId) {}

  /** Refuses (IllegalArgumentException) a chunk that is not of base {@code kbId}, document {@code documentId}. */
  static void requireOfDocument(long kbId, long documentId, List<IndexedChunk> chunks) {
    for (IndexedChunk c : chunks) {
      if (c.kbId() != kbId || c.documentId() != documentId) {
        throw new IllegalArgumentException("chunk " + c.chunkId() + " is not of base " + kbId + " document "
            + documentId);
      }
    }
  }

  void deleteBase(long kbId);

  void setEnabled(long kbId, long chunkId, boolean enabled);

  /**
   * The k nearest chunks by the base's similarity, filters applied inside the search. Scores are similarities in
   * [0, 1]: cosine and dot product as (1 + cos) / 2, l2 as 1 / (1 + distance²). Bases whose dimension differs from
   * the query vector's are skipped (their vectors come from another embedding model).
   */
  List<IndexHit> vectorSearch(IndexQuery query);

  /** BM25 over matchText with the Chinese analyzer; {@code query.text()} is already expanded by the dictionary. */
  List<IndexHit> fullTextSearch(IndexQuery query);

  /**
   * {@link #vectorSearch} without reading the chunks: their ids, bases and scores, in the same order. A search that
   * fuses or cuts its lists reads only the chunks it keeps, with {@link #chunks}.
   */
  default List<ChunkScore> vectorScores(IndexQuery query) {
    return scores(vectorSearch(query));
  }

  /** {@link #fullTextSearch} without reading the chunks (see {@link #vectorScores}). */
  default List<ChunkScore> fullTextScores(IndexQuery query) {
    return scores(fullTextSearch(query));
  }

  /**
   * The chunks of {@code hits} by chunk id. Chunks deleted or disabled since the search that found them are left
   * out (the search would not find them now).
   */
  default Map<Long, IndexedChunk> chunks(Collection<ChunkScore> hits) {
    Map<Long, IndexedChunk> out = new LinkedHashMap<>();
    for (ChunkScore h : hits) {
      get(h.kbId(), h.chunkId()).filter(IndexedChunk::enabled).ifPresent(c -> out.put(c.chunkId(), c));
    }
    return out;
  }

  private static List<ChunkScore> scores(List<IndexHit> hits) {
    return hits.stream().map(h -> new ChunkScore(h.chunk().kbId(), h.chunk().chunkId(), h.score())).toList();
  }

  Optional<IndexedChunk> get(long kbId, long chunkId);

  /** Chunks of one document with ordinals in [from, to], in order (context expansion). */
  List<IndexedChunk> range(long kbId, long documentId, int fromOrdinal, int toOrdinal);

  long count(long kbId);

  /**
   * Merges a base's index into one segment, blocking until done (minutes for 100k chunks on 2 cores). Searches and
   * writes continue meanwhile. Worth it after a bulk load (ingestion job, rebuild): every segment is a separate
   * HNSW graph search, so one segment answers a vector search several times cheaper than eight. Backends that
   * manage their own segments do nothing.
   */
  default void compact(long kbId) {}

  @Override
  void close();
}
