package io.jingzhi.knowledge.index.lucene;

import io.jingzhi.knowledge.index.IndexedChunk;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;

/** Reads chunks back from a searcher: their stored fields and enabled flags (doc values, updated in place). */
final class ChunkReader {

  private ChunkReader() {}

  /**
   * The chunks of {@code docs}, in the order given. Read in increasing doc order with one stored-fields reader and
   * one doc-values iterator per segment: neighbouring documents share a compressed block, which is then
   * decompressed once, and doc values only iterate forward.
   */
  static IndexedChunk[] chunks(IndexSearcher searcher, int[] docs) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    Integer[] order = new Integer[docs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(docs[a], docs[b]));
    IndexedChunk[] out = new IndexedChunk[docs.length];
    LeafReaderContext leaf = null;
    StoredFields stored = null;
    NumericDocValues enabled = null;
    for (int i : order) {
      if (leaf == null || docs[i] >= leaf.docBase + leaf.reader().maxDoc()) {
        leaf = leaves.get(ReaderUtil.subIndex(docs[i], leaves));
        stored = leaf.reader().storedFields();
        enabled = leaf.reader().getNumericDocValues(ChunkDocuments.ENABLED);
      }
      int local = docs[i] - leaf.docBase;
      boolean on = enabled != null && enabled.advanceExact(local) && enabled.longValue() == 1;
      out[i] = ChunkDocuments.fromDocument(stored.document(local), on);
    }
    return out;
  }
}
