package io.jingzhi.knowledge.index.lucene;

import io.jingzhi.knowledge.index.IndexedChunk;
import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;

/** Reads a chunk back from a searcher: its stored fields and its enabled flag (doc values, updated in place). */
final class ChunkReader {

  private ChunkReader() {}

  static IndexedChunk chunk(IndexSearcher searcher, int doc) throws IOException {
    var leaves = searcher.getIndexReader().leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    int local = doc - leaf.docBase;
    NumericDocValues enabled = leaf.reader().getNumericDocValues(ChunkDocuments.ENABLED);
    boolean on = enabled != null && enabled.advanceExact(local) && enabled.longValue() == 1;
    return ChunkDocuments.fromDocument(leaf.reader().storedFields().document(local), on);
  }
}
