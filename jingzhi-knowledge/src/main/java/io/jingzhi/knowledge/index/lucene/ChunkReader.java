package io.jingzhi.knowledge.index.lucene;

import io.jingzhi.knowledge.index.ChunkScore;
import io.jingzhi.knowledge.index.IndexHit;
import io.jingzhi.knowledge.index.IndexedChunk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/** Reads chunks back from a searcher: their stored fields and enabled flags (doc values, updated in place). */
final class ChunkReader {

  private ChunkReader() {}

  /** The hits of a search with their chunks (stored fields read). */
  static List<IndexHit> hits(IndexSearcher searcher, List<ScoreDoc> docs, long[] leafBases) throws IOException {
    IndexedChunk[] chunks = chunks(searcher, docs.stream().mapToInt(d -> d.doc).toArray());
    List<IndexHit> hits = new ArrayList<>(docs.size());
    for (int i = 0; i < chunks.length; i++) {
      hits.add(new IndexHit(chunks[i], docs.get(i).score));
    }
    return hits;
  }

  /**
   * The hits of a search as chunk ids, bases and scores: the id from doc values, so no stored-field block is
   * decompressed (a segment written before the id had doc values reads the stored id).
   */
  static List<ChunkScore> scores(IndexSearcher searcher, List<ScoreDoc> docs, long[] leafBases)
      throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    Integer[] order = inDocOrder(docs.stream().mapToInt(d -> d.doc).toArray());
    ChunkScore[] out = new ChunkScore[docs.size()];
    LeafReaderContext leaf = null;
    NumericDocValues ids = null;
    StoredFields stored = null;
    for (int i : order) {
      int doc = docs.get(i).doc;
      if (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
        leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        ids = leaf.reader().getNumericDocValues(ChunkDocuments.ID_VALUE);
        stored = null;
      }
      int local = doc - leaf.docBase;
      long id;
      if (ids != null && ids.advanceExact(local)) {
        id = ids.longValue();
      } else {
        stored = stored == null ? leaf.reader().storedFields() : stored;
        id = Long.parseLong(stored.document(local, java.util.Set.of(ChunkDocuments.ID)).get(ChunkDocuments.ID));
      }
      out[i] = new ChunkScore(leafBases[leaf.ord], id, docs.get(i).score);
    }
    return Arrays.asList(out);
  }

  /**
   * The chunks of {@code docs}, in the order given. Read in increasing doc order with one stored-fields reader and
   * one doc-values iterator per segment: neighbouring documents share a compressed block, which is then
   * decompressed once, and doc values only iterate forward.
   */
  static IndexedChunk[] chunks(IndexSearcher searcher, int[] docs) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    Integer[] order = inDocOrder(docs);
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

  /**
   * The live documents of the chunk ids {@code sortedIds} (id terms in BytesRef order), in doc order: a term-dictionary
   * seek per id and segment, without a query, weight and collector (reading the 10 hits a retrieval keeps).
   */
  static int[] docsOf(IndexSearcher searcher, List<BytesRef> sortedIds) throws IOException {
    List<Integer> out = new ArrayList<>(sortedIds.size());
    PostingsEnum postings = null;
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Terms terms = leaf.reader().terms(ChunkDocuments.ID);
      if (terms == null) {
        continue;
      }
      TermsEnum te = terms.iterator();
      Bits live = leaf.reader().getLiveDocs();
      for (BytesRef id : sortedIds) {
        if (!te.seekExact(id)) {
          continue;
        }
        postings = te.postings(postings, PostingsEnum.NONE);
        for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
          if (live == null || live.get(d)) {
            out.add(leaf.docBase + d);
          }
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  private static Integer[] inDocOrder(int[] docs) {
    Integer[] order = new Integer[docs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(docs[a], docs[b]));
    return order;
  }
}
