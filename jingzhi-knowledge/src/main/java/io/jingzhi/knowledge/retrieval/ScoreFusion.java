package io.jingzhi.knowledge.retrieval;

import io.jingzhi.knowledge.index.ChunkScore;
import io.jingzhi.knowledge.index.IndexHit;
import io.jingzhi.knowledge.index.IndexedChunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

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

  /** A fused candidate before its chunk is read: the hit of its first list, the fused score and the raw parts. */
  public record Ranked(ChunkScore hit, float score, Map<String, Float> parts) {}

  public static List<Fused> rrf(List<IndexHit> vector, List<IndexHit> fullText, int k, float vectorWeight) {
    return toFused(rrf(vector, fullText, k, vectorWeight, IndexHit::score, h -> h.chunk().chunkId()));
  }

  public static List<Fused> weighted(List<IndexHit> vector, List<IndexHit> fullText, float vectorWeight) {
    return toFused(weighted(vector, fullText, vectorWeight, IndexHit::score, h -> h.chunk().chunkId()));
  }

  /** {@link #rrf(List, List, int, float)} on hits whose chunks are not read yet. */
  public static List<Ranked> rrfScores(List<ChunkScore> vector, List<ChunkScore> fullText, int k,
      float vectorWeight) {
    return toRanked(rrf(vector, fullText, k, vectorWeight, ChunkScore::score, ChunkScore::chunkId));
  }

  /** {@link #weighted(List, List, float)} on hits whose chunks are not read yet. */
  public static List<Ranked> weightedScores(List<ChunkScore> vector, List<ChunkScore> fullText,
      float vectorWeight) {
    return toRanked(weighted(vector, fullText, vectorWeight, ChunkScore::score, ChunkScore::chunkId));
  }

  /** {@link #single(List, String)} on hits whose chunks are not read yet. */
  public static List<Ranked> singleScores(List<ChunkScore> hits, String part) {
    double best = hits.stream().mapToDouble(ChunkScore::score).max().orElse(1);
    boolean relative = "fulltext".equals(part);
    List<Ranked> out = new ArrayList<>(hits.size());
    for (ChunkScore h : hits) {
      float score = relative ? (float) (h.score() / best) : h.score();
      out.add(new Ranked(h, score, Map.of(part, h.score())));
    }
    return out;
  }

  private static <H> List<Acc<H>> rrf(List<H> vector, List<H> fullText, int k, float vectorWeight,
      ToDoubleFunction<H> score, ToLongFunction<H> id) {
    Map<Long, Acc<H>> acc = new LinkedHashMap<>();
    add(acc, vector, "vector", score, id, (rank, s) -> vectorWeight / (double) (k + rank));
    add(acc, fullText, "fulltext", score, id, (rank, s) -> (1.0 - vectorWeight) / (k + rank));
    return ranked(acc, 1.0 / (k + 1));
  }

  private static <H> List<Acc<H>> weighted(List<H> vector, List<H> fullText, float vectorWeight,
      ToDoubleFunction<H> score, ToLongFunction<H> id) {
    Map<Long, Acc<H>> acc = new LinkedHashMap<>();
    MinMax v = MinMax.of(vector, score);
    MinMax t = MinMax.of(fullText, score);
    add(acc, vector, "vector", score, id, (rank, s) -> vectorWeight * v.scale(s));
    add(acc, fullText, "fulltext", score, id, (rank, s) -> (1.0 - vectorWeight) * t.scale(s));
    return ranked(acc, 1.0);
  }

  /** Min-max scaling over one candidate list: its best is 1, its worst 0 (a single candidate is 1). */
  private record MinMax(double min, double max) {

    static <H> MinMax of(List<H> hits, ToDoubleFunction<H> score) {
      double min = hits.stream().mapToDouble(score).min().orElse(0);
      double max = hits.stream().mapToDouble(score).max().orElse(1);
      return new MinMax(min, max);
    }

    double scale(double score) {
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
    double of(int rank, double score);
  }

  private static final class Acc<H> {
    final H hit;
    final long id;
    double score;
    float fused;
    final Map<String, Float> parts = new LinkedHashMap<>(4);

    Acc(H hit, long id) {
      this.hit = hit;
      this.id = id;
    }
  }

  private static <H> void add(Map<Long, Acc<H>> acc, List<H> hits, String part, ToDoubleFunction<H> score,
      ToLongFunction<H> id, Contribution f) {
    for (int i = 0; i < hits.size(); i++) {
      H h = hits.get(i);
      float s = (float) score.applyAsDouble(h);
      Acc<H> a = acc.computeIfAbsent(id.applyAsLong(h), key -> new Acc<>(h, key));
      a.score += f.of(i + 1, s);
      a.parts.put(part, s);
    }
  }

  private static <H> List<Acc<H>> ranked(Map<Long, Acc<H>> acc, double max) {
    List<Acc<H>> out = new ArrayList<>(acc.values());
    for (Acc<H> a : out) {
      a.fused = (float) Math.min(1.0, a.score / max);
    }
    out.sort(Comparator.comparingDouble((Acc<H> a) -> a.fused).reversed().thenComparingLong(a -> a.id));
    return out;
  }

  private static List<Fused> toFused(List<Acc<IndexHit>> ranked) {
    List<Fused> out = new ArrayList<>(ranked.size());
    for (Acc<IndexHit> a : ranked) {
      out.add(new Fused(a.hit.chunk(), a.fused, Map.copyOf(a.parts)));
    }
    return out;
  }

  private static List<Ranked> toRanked(List<Acc<ChunkScore>> ranked) {
    List<Ranked> out = new ArrayList<>(ranked.size());
    for (Acc<ChunkScore> a : ranked) {
      out.add(new Ranked(a.hit, a.fused, Map.copyOf(a.parts)));
    }
    return out;
  }
}
