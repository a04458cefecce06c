package io.jingzhi.knowledge.index;

import java.util.List;
import java.util.Optional;

/**
 * The storage interface of knowledge indexes: Lucene is the embedded default; a scale-out backend
 * (OpenSearch/Elasticsearch) implements the same contract. Writes are visible to searches when the call returns.
 * Bases are isolated from one another: a search sees only the bases it names.
 */
public interface KnowledgeIndex extends AutoCloseable {

  /** Adds or replaces chunks (by chunk id). */
  void upsert(List<IndexedChunk> chunks);

  void deleteDocument(long kbId, long documentId);

  void deleteBase(long kbId);

  void setEnabled(long kbId, long chunkId, boolean enabled);

  List<IndexHit> vectorSearch(IndexQuery query);

  /** BM25 over matchText with the Chinese analyzer; {@code query.text()} is already expanded by the dictionary. */
  List<IndexHit> fullTextSearch(IndexQuery query);

  Optional<IndexedChunk> get(long kbId, long chunkId);

  /** Chunks of one document with ordinals in [from, to], in order (context expansion). */
  List<IndexedChunk> range(long kbId, long documentId, int fromOrdinal, int toOrdinal);

  long count(long kbId);

  @Override
  void close();
}
