package io.jingzhi.knowledge.search;

import io.jingzhi.knowledge.index.IndexHit;
import io.jingzhi.knowledge.index.IndexedChunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the ranked chunk lists of one portal search (one full-text list over every base, one vector list per
 * embedding model) into documents. Reciprocal-rank fusion, because the lists' scores are not comparable: BM25 is
 * unbounded and two embedding models have different similarity scales, while ranks are. A document is as good as
 * its best chunk, whose text gives the highlight.
 */
final class DocumentFusion {

  /** The constant of reciprocal-rank fusion (the usual 60). */
  static final int RRF_K = 60;

  private DocumentFusion() {}

  /** A document's best chunk and score. */
  record Found(long documentId, long kbId, IndexedChunk best, double score) {}

  /** Documents in order of their best chunk's fused score. */
  static List<Found> fuse(List<List<IndexHit>> rankedLists) {
    Map<Long, IndexedChunk> chunks = new HashMap<>();
    Map<Long, Double> scores = new HashMap<>();
    for (List<IndexHit> list : rankedLists) {
      for (int i = 0; i < list.size(); i++) {
        IndexedChunk c = list.get(i).chunk();
        chunks.putIfAbsent(c.chunkId(), c);
        scores.merge(c.chunkId(), 1.0 / (RRF_K + i + 1), Double::sum);
      }
    }
    List<Map.Entry<Long, Double>> ranked = new ArrayList<>(scores.entrySet());
    ranked.sort(Map.Entry.<Long, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    Map<Long, Found> documents = new LinkedHashMap<>();
    for (Map.Entry<Long, Double> e : ranked) {
      IndexedChunk c = chunks.get(e.getKey());
      documents.putIfAbsent(c.documentId(), new Found(c.documentId(), c.kbId(), c, e.getValue()));
    }
    return documents.values().stream().sorted(Comparator.comparingDouble(Found::score).reversed()).toList();
  }
}
