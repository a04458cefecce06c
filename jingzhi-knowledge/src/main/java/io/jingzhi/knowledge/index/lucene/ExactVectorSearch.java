package io.jingzhi.knowledge.index.lucene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.DoubleValues;
import org.apache.lucene.search.DoubleValuesSource;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * Exact nearest neighbours: every chunk that passes the filter is scored against the query vector with the field's
 * own similarity (the same scores HNSW returns), and the best k are kept. Linear in the filtered chunks — for small
 * bases, narrow filters and for measuring HNSW's recall.
 */
final class ExactVectorSearch {

  private ExactVectorSearch() {}

  static List<ScoreDoc> search(IndexSearcher searcher, String field, float[] vector, Query filter, int k)
      throws IOException {
    Weight weight = searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1);
    PriorityQueue<ScoreDoc> best = new PriorityQueue<>(Comparator.comparingDouble(d -> d.score));
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      if (leaf.reader().getFieldInfos().fieldInfo(field) == null) {
        continue;
      }
      Scorer scorer = weight.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      DoubleValues similarity = DoubleValuesSource.similarityToQueryVector(leaf, vector, field);
      Bits live = leaf.reader().getLiveDocs();
      DocIdSetIterator docs = scorer.iterator();
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        if ((live != null && !live.get(doc)) || !similarity.advanceExact(doc)) {
          continue;
        }
        float score = (float) similarity.doubleValue();
        if (best.size() < k) {
          best.add(new ScoreDoc(leaf.docBase + doc, score));
        } else if (score > best.peek().score) {
          best.poll();
          best.add(new ScoreDoc(leaf.docBase + doc, score));
        }
      }
    }
    List<ScoreDoc> out = new ArrayList<>(best);
    out.sort(Comparator.comparingDouble((ScoreDoc d) -> d.score).reversed().thenComparingInt(d -> d.doc));
    return out;
  }
}
