package io.jingzhi.knowledge.retrieval;

import io.jingzhi.knowledge.KnowledgeException;
import io.jingzhi.knowledge.index.IndexQuery;
import io.jingzhi.knowledge.index.IndexedChunk;
import io.jingzhi.knowledge.index.KnowledgeIndex;
import io.jingzhi.knowledge.index.lucene.ChineseAnalyzers;
import io.jingzhi.knowledge.retrieval.RetrievalRequest.Mode;
import io.jingzhi.knowledge.retrieval.ScoreFusion.Fused;
import io.jingzhi.knowledge.retrieval.ScoreFusion.Ranked;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;

/**
 * The retrieval engine: dictionary expansion, then vector and/or full-text search, fusion, optional rerank, the
 * score threshold, top-k, highlight and context expansion.
 *
 * <p>What a score means (the threshold compares against it, after fusion and after rerank):
 * <ul>
 *   <li>vector: the similarity of query and chunk, 0–1 (cosine and dot product as (1 + cos)/2, l2 as
 *       1/(1 + distance²)); absolute, comparable across queries.
 *   <li>fulltext: BM25 relative to the best BM25 of this search, 0–1 (the best hit is 1); relative, so a threshold
 *       trims the weak tail, it cannot reject a query that matches nothing well.
 *   <li>hybrid rrf: reciprocal-rank fusion normalised to 0–1: 1 = first in both lists, 0.5 = first in one list and
 *       absent from the other; it depends on ranks only.
 *   <li>hybrid weighted: w · min-max(vector similarity) + (1 − w) · min-max(BM25), each scaled over its own
 *       candidate list, 0–1; relative like full text (a base with a single chunk scores it 1 in both lists).
 *   <li>with rerank: the rerank model's score replaces the above (the fused order only picks the candidates).
 * </ul>
 */
public class Retriever {

  /** Each list fetches this many times top_k (at least {@link #MIN_CANDIDATES}) so fusion has depth. */
  private static final int CANDIDATE_FACTOR = 3;
  private static final int MIN_CANDIDATES = 30;

  private final KnowledgeIndex index;
  private final ChunkHighlighter highlighter = new ChunkHighlighter(new ChineseAnalyzers());
  /**
   * Searches running at once. The index work of a retrieval is CPU-bound (no I/O once the index is in the page
   * cache), so more searches than cores only share the cores: every search in flight gets slower, and the long ones
   * longest. Admitted in arrival order (a fair semaphore), a retrieval waits for the ones ahead of it and then runs
   * at full speed: the same throughput, a much shorter latency tail. Embedding and rerank (model calls) run outside.
   */
  private final Semaphore searching;

  /** One search at a time per core. */
  public Retriever(KnowledgeIndex index) {
    this(index, 0);
  }

  /** {@code concurrency}: searches running at once, 0 = the number of cores. */
  public Retriever(KnowledgeIndex index, int concurrency) {
    this.index = index;
    this.searching = new Semaphore(concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors(), true);
  }

  public RetrievalResult retrieve(RetrievalRequest r) {
    long start = System.nanoTime();
    DictionaryExpansion.Expanded x = DictionaryExpansion.expand(r.query(), r.dictionary());
    int candidates = Math.max(MIN_CANDIDATES, r.topK() * CANDIDATE_FACTOR);
    float[] vector = r.mode() == Mode.FULLTEXT ? null : r.embedder().embed(x.expanded());
    IndexQuery q = new IndexQuery(r.kbIds(), x.expanded(), vector, candidates, r.filters(), r.exact(),
        x.phrases());
    List<RetrievedChunk> out;
    if (r.reranker() == null) {
      // Chunks are read for the hits returned only, not for every candidate of both lists.
      out = limited(() -> hits(r, x, top(r, search(r, q))));
    } else {
      List<Fused> fused = limited(() -> {
        List<Ranked> ranked = search(r, q);
        return read(ranked.subList(0, Math.min(ranked.size(), candidates)));
      });
      fused = fused.isEmpty() ? fused : rerank(r, x.original(), fused);
      List<Fused> kept = new ArrayList<>(r.topK());
      for (Fused f : fused) {
        if (kept.size() == r.topK()) {
          break;
        }
        if (r.scoreThreshold() == null || f.score() >= r.scoreThreshold()) {
          kept.add(f);
        }
      }
      out = limited(() -> hits(r, x, kept));
    }
    return new RetrievalResult(out, x.expanded(), r.mode().name().toLowerCase(),
        (System.nanoTime() - start) / 1_000_000);
  }

  private List<Ranked> search(RetrievalRequest r, IndexQuery q) {
    return switch (r.mode()) {
      case VECTOR -> ScoreFusion.singleScores(index.vectorScores(q), "vector");
      case FULLTEXT -> ScoreFusion.singleScores(index.fullTextScores(q), "fulltext");
      case HYBRID -> "weighted".equals(r.fusion().kind())
          ? ScoreFusion.weightedScores(index.vectorScores(q), index.fullTextScores(q), r.fusion().vectorWeight())
          : ScoreFusion.rrfScores(index.vectorScores(q), index.fullTextScores(q), r.fusion().rrfK(),
              r.fusion().vectorWeight());
    };
  }

  /**
   * The best top_k candidates at or above the threshold, with their chunks. A candidate whose chunk was deleted or
   * disabled since the search is skipped and the next one read in its place.
   */
  private List<Fused> top(RetrievalRequest r, List<Ranked> ranked) {
    List<Fused> out = new ArrayList<>(r.topK());
    int next = 0;
    while (out.size() < r.topK() && next < ranked.size()) {
      List<Ranked> batch = new ArrayList<>(r.topK() - out.size());
      for (; next < ranked.size() && batch.size() < r.topK() - out.size(); next++) {
        Ranked c = ranked.get(next);
        if (r.scoreThreshold() == null || c.score() >= r.scoreThreshold()) {
          batch.add(c);
        }
      }
      out.addAll(read(batch));
    }
    return out;
  }

  /** The candidates with their chunks, in the order given (those no longer indexed left out). */
  private List<Fused> read(List<Ranked> ranked) {
    if (ranked.isEmpty()) {
      return List.of();
    }
    Map<Long, IndexedChunk> chunks = index.chunks(ranked.stream().map(Ranked::hit).toList());
    List<Fused> out = new ArrayList<>(ranked.size());
    for (Ranked c : ranked) {
      IndexedChunk chunk = chunks.get(c.hit().chunkId());
      if (chunk != null) {
        out.add(new Fused(chunk, c.score(), c.parts()));
      }
    }
    return out;
  }

  private List<RetrievedChunk> hits(RetrievalRequest r, DictionaryExpansion.Expanded x, List<Fused> kept) {
    ChunkHighlighter.Needles needles = highlighter.needles(x.original(), x.phrases());
    List<RetrievedChunk> out = new ArrayList<>(kept.size());
    for (Fused f : kept) {
      out.add(toHit(r, needles, f));
    }
    return out;
  }

  /** Retrievals waiting for a search slot now. */
  int waiting() {
    return searching.getQueueLength();
  }

  /** Runs the index work of a retrieval once a search slot is free (slots are handed out in arrival order). */
  private <T> T limited(Supplier<T> work) {
    try {
      searching.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KnowledgeException(HttpStatus.SERVICE_UNAVAILABLE, "retrieval.interrupted",
          "the retrieval was interrupted while waiting for a search slot");
    }
    try {
      return work.get();
    } finally {
      searching.release();
    }
  }

  private static List<Fused> rerank(RetrievalRequest r, String query, List<Fused> candidates) {
    List<Float> scores = r.reranker().rerank(query, candidates.stream().map(f -> f.chunk().text()).toList());
    if (scores == null || scores.size() != candidates.size()) {
      throw new KnowledgeException(HttpStatus.BAD_GATEWAY, "retrieval.rerank_failed",
          "the rerank model returned " + (scores == null ? 0 : scores.size()) + " scores for "
              + candidates.size() + " candidates");
    }
    List<Fused> out = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      Fused f = candidates.get(i);
      Map<String, Float> parts = new LinkedHashMap<>(f.parts());
      parts.put("fused", f.score());
      parts.put("rerank", scores.get(i));
      out.add(new Fused(f.chunk(), scores.get(i), parts));
    }
    out.sort(Comparator.comparingDouble((Fused f) -> f.score()).reversed());
    return out;
  }

  private RetrievedChunk toHit(RetrievalRequest r, ChunkHighlighter.Needles needles, Fused f) {
    IndexedChunk c = f.chunk();
    return new RetrievedChunk(c.chunkId(), c.text(), f.score(), c.documentId(), c.kbId(), c.metadata(),
        c.headingPath(), highlighter.highlight(c.text(), needles), f.parts(), context(r, c));
  }

  private List<RetrievedChunk.ContextChunk> context(RetrievalRequest r, IndexedChunk c) {
    RetrievalRequest.Context want = r.context();
    if (want.neighbours() == 0 && !want.parent()) {
      return List.of();
    }
    List<RetrievedChunk.ContextChunk> out = new ArrayList<>();
    if (want.parent() && c.parentId() != null) {
      index.get(c.kbId(), c.parentId()).filter(IndexedChunk::enabled).ifPresent(p -> out.add(
          new RetrievedChunk.ContextChunk(p.chunkId(), p.text(), p.ordinal(), "parent")));
    }
    if (want.neighbours() > 0) {
      for (IndexedChunk n : index.range(c.kbId(), c.documentId(), c.ordinal() - want.neighbours(),
          c.ordinal() + want.neighbours())) {
        // Neighbours are the hit's siblings: same level (searchable), enabled, not the hit itself.
        if (n.chunkId() != c.chunkId() && n.enabled() && n.searchable()) {
          out.add(new RetrievedChunk.ContextChunk(n.chunkId(), n.text(), n.ordinal(),
              n.ordinal() < c.ordinal() ? "before" : "after"));
        }
      }
    }
    return out;
  }
}
