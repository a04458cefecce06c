package io.jingzhi.knowledge.retrieval;

import io.jingzhi.knowledge.index.ChunkScore;
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

  /** A fused candidate before its chunk is read: the hit of its first list, the fused score and the raw parts. */
  public record Ranked(ChunkScore hit, float score, Map<String, Float> parts) {}

  /**
   * RRF over the two lists (hits whose chunks are not read yet): {@code w/(k + rank)} per list, normalised so that
   * first in both lists is 1.
   */
  public static List<Ranked> rrfScores(List<ChunkScore> vector, List<ChunkScore> fullText, int k,
      float vectorWeight) {
    Map<Long, Acc> acc = new LinkedHashMap<>();
    add(acc, vector, "vector", (rank, s) -> vectorWeight / (double) (k + rank));
    add(acc, fullText, "fulltext", (rank, s) -> (1.0 - vectorWeight) / (k + rank));
    return ranked(acc, 1.0 / (k + 1));
  }

  /** Weighted min-max fusion over the two lists (hits whose chunks are not read yet). */
  public static List<Ranked> weightedScores(List<ChunkScore> vector, List<ChunkScore> fullText,
      float vectorWeight) {
    Map<Long, Acc> acc = new LinkedHashMap<>();
    MinMax v = MinMax.of(vector);
    MinMax t = MinMax.of(fullText);
    add(acc, vector, "vector", (rank, s) -> vectorWeight * v.scale(s));
    add(acc, fullText, "fulltext", (rank, s) -> (1.0 - vectorWeight) * t.scale(s));
    return ranked(acc, 1.0);
  }

  /** One list on its own (vector or full-text mode): the vector similarity, or BM25 relative to the best. */
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

  /** Min-max scaling over one candidate list: its best is 1, its worst 0 (a single candidate is 1). */
  private record MinMax(double min, double max) {

    static MinMax of(List<ChunkScore> hits) {
      double min = hits.stream().mapToDouble(ChunkScore::score).min().orElse(0);
      double max = hits.stream().mapToDouble(ChunkScore::score).max().orElse(1);
      return new MinMax(min, max);
    }

    double scale(double score) {
      return max > min ? (score - min) / (max - min) : 1.0;
    }
  }

  private interface Contribution {
    double of(int rank, double score);
  }

  private static final class Acc {
    final ChunkScore hit;
    final long id;
    double score;
    float fused;
    final Map<String, Float> parts = new LinkedHashMap<>(4);

    Acc(ChunkScore hit, long id) {
      this.hit = hit;
      this.id = id;
    }
  }

  private static void add(Map<Long, Acc> acc, List<ChunkScore> hits, String part, Contribution f) {
    for (int i = 0; i < hits.size(); i++) {
      ChunkScore h = hits.get(i);
      float s = h.score();
      Acc a = acc.computeIfAbsent(h.chunkId(), key -> new Acc(h, key));
      a.score += f.of(i + 1, s);
      a.parts.put(part, s);
    }
  }

  private static List<Ranked> ranked(Map<Long, Acc> acc, double max) {
    List<Acc> all = new ArrayList<>(acc.values());
    for (Acc a : all) {
      a.fused = (float) Math.min(1.0, a.score / max);
    }
    all.sort(Comparator.comparingDouble((Acc a) -> a.fused).reversed().thenComparingLong(a -> a.id));
    List<Ranked> out = new ArrayList<>(all.size());
    for (Acc a : all) {
      out.add(new Ranked(a.hit, a.fused, Map.copyOf(a.parts)));
    }
    return out;
  }
}
