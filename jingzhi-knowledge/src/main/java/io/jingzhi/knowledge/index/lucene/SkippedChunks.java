package io.jingzhi.knowledge.index.lucene;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;

/**
 * Whether an index holds chunks that searches must skip: parents (not searchable) or disabled chunks. Most bases
 * hold neither, and then the "searchable and enabled" filter can be left out of a search: it matches every chunk,
 * yet costs a conjunction check per BM25 candidate (Lucene's MAXSCORE scorer takes a slower per-document path with
 * a filter) and a 100k-document bitset per filtered HNSW search. Searchable is a term, so its document frequency
 * answers at once; enabled is a doc value updated in place, so each segment's values are scanned once per segment
 * reader (a reader's cache key changes when its doc values are updated) and the answer kept until that reader
 * closes. Deleted documents count: a deleted parent keeps the filter until a merge drops it (safe, never wrong).
 */
final class SkippedChunks {

  private final Map<Object, Boolean> disabledBySegment = new ConcurrentHashMap<>();

  /** True when some document of {@code reader} is not searchable or not enabled (the filter is needed). */
  boolean any(IndexReader reader) throws IOException {
    for (LeafReaderContext leaf : reader.leaves()) {
      LeafReader r = leaf.reader();
      if (r.docFreq(new Term(ChunkDocuments.SEARCHABLE, "1")) != r.maxDoc() || disabled(r)) {
        return true;
      }
    }
    return false;
  }

  private boolean disabled(LeafReader r) throws IOException {
    IndexReader.CacheHelper helper = r.getReaderCacheHelper();
    if (helper == null) {
      return scan(r);
    }
    Object key = helper.getKey();
    Boolean known = disabledBySegment.get(key);
    if (known == null) {
      known = scan(r);
      if (disabledBySegment.putIfAbsent(key, known) == null) {
        helper.addClosedListener(disabledBySegment::remove);
      }
    }
    return known;
  }

  /** True when a document lacks enabled = 1 (a value of 0, or none: the filter would not match it either). */
  private static boolean scan(LeafReader r) throws IOException {
    NumericDocValues enabled = DocValues.getNumeric(r, ChunkDocuments.ENABLED);
    int ones = 0;
    for (int doc = enabled.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = enabled.nextDoc()) {
      if (enabled.longValue() != 1) {
        return true;
      }
      ones++;
    }
    return ones != r.maxDoc();
  }

  /** Entries kept (for tests: a closed reader's entry is dropped). */
  int cached() {
    return disabledBySegment.size();
  }
}
