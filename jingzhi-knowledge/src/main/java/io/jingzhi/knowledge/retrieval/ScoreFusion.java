package io.jingzhi.knowledge.retrieval;

import io.jingzhi.knowledge.index.IndexHit;
import io.jingzhi.knowledge.index.IndexedChunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the vector and the full-text list of a hybrid search into one ranking, with scores in [0, 1].
 * RRF: w/(k + vector rank) + (1 − w)/(k + full-text rank), a list the chunk is absent from adding nothing, divided by
 * its maximum 1/(k + 1), so 1 means "first in both lists" and (with w = 0.5) 0.5 "first in one list, absent from
 * the other"; w = 0.5 is classic RRF. Weighted: w · the vector similarity min-max scaled over the vector
 * candidates + (1 − w) · BM25 min-max scaled over the full-text candidates (each list's best is 1, its worst 0);
 * a chunk missing from a list scores 0 there. Min-max rather than raw similarity because bge-style similarities
 * crowd into a narrow band (0.75–0.9) and would barely move the sum (measured: raw similarity lost on cmrc2018 dev).
 */
public final class ScoreFusion {

  private ScoreFusion() {}

  /** A fused candidate: the chunk, its fused score and the raw parts. */
  public record Fused(IndexedChunk chunk, float score, Map<String, Float> parts) {}

  public static List<Fused> rrf(List<IndexHit> vector, List<IndexHit> fullText, int k, float vectorWeight) {
    Map<Long, Acc> acc = new LinkedHashMap<>();
    add(acc, vector, "vector", (rank, hit) -> vectorWeight / (double) (k + rank));
    add(acc, fullText, "fulltext", (rank, hit) -> (1.0 - vectorWeight) / (k + rank));
    return ranked(acc, 1.0 / (k + 1));
  }

  public static List<Fused> weighted(List<IndexHit> vector, List<IndexHit> fullText, float vectorWeight) {
    Map<Long, Acc> acc = new LinkedHashMap<>();
    MinMax v = MinMax.of(vector);
    MinMax t = MinMax.of(fullText);
    add(acc, vector, "vector", (rank, hit) -> vectorWeight * v.scale(hit.score()));
    add(acc, fullText, "fulltext", (rank, hit) -> (1.0 - vectorWeight) * t.scale(hit.score()));
    return ranked(acc, 1.0);
  }

  /** Min-max scaling over one candidate list: its best is 1, its worst 0 (a single candidate is 1). */
  private record MinMax(double min, double max) {

    static MinMax of(List<IndexHit> hits) {
      double min = hits.stream().mapToDouble(IndexHit::score).min().orElse(0);
      double max = hits.stream().mapToDouble(IndexHit::score).max().orElse(1);
      return new MinMax(min, max);
    }

    double scale(float score) {
      return max > min ? (score - min) / (max - min) : 1.0;
    }
  }

  /** One list on its own (vector or full-text mode): the vector similarity, or BM25 relative to the best. */
  public static List<Fused> single(List<IndexHit> hits, String part) {
    double best = hits.stream().mapToDouble(IndexHit::score).max().orElse(1);
    boolean relative = "fulltext".equals(part);
    List<Fused> out = new ArrayList<>(hits.size());
    for (IndexHit h : hits) {
      float score = relative ? (float) (h.score() / best) : h.score();
      out.add(new Fused(h.chunk(), score, Map.of(part, h.score())));
    }
    return out;
  }

  private interface Contribution {
    double of(int rank, IndexHit hit);
  }

  private static final class Acc {
    final IndexedChunk chunk;
    double score;
    final Map<String, Float> parts = new LinkedHashMap<>();

    Acc(IndexedChunk chunk) {
      this.chunk = chunk;
    }
  }

  private static void add(Map<Long, Acc> acc, List<IndexHit> hits, String part, Contribution f) {
    for (int i = 0; i < hits.size(); i++) {
      IndexHit h = hits.get(i);
      Acc a = acc.computeIfAbsent(h.chunk().chunkId(), id -> new Acc(h.chunk()));
      a.score += f.of(i + 1, h);
      a.parts.put(part, h.score());
    }
  }

  private static List<Fused> ranked(Map<Long, Acc> acc, double max) {
    List<Fused> out = new ArrayList<>(acc.size());
    for (Acc a : acc.values()) {
      out.add(new Fused(a.chunk, (float) Math.min(1.0, a.score / max), Map.copyOf(a.parts)));
    }
    out.sort(Comparator.comparingDouble((Fused f) -> f.score()).reversed()
        .thenComparingLong(f -> f.chunk().chunkId()));
    return out;
  }
}
