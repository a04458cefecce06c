package io.jingzhi.knowledge.retrieval;

import io.jingzhi.knowledge.KnowledgeException;
import io.jingzhi.knowledge.index.IndexHit;
import io.jingzhi.knowledge.index.IndexQuery;
import io.jingzhi.knowledge.index.IndexedChunk;
import io.jingzhi.knowledge.index.KnowledgeIndex;
import io.jingzhi.knowledge.index.lucene.ChineseAnalyzers;
import io.jingzhi.knowledge.retrieval.RetrievalRequest.Mode;
import io.jingzhi.knowledge.retrieval.ScoreFusion.Fused;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

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
 *   <li>hybrid weighted: w · vector similarity + (1 − w) · relative BM25, 0–1.
 *   <li>with rerank: the rerank model's score replaces the above (the fused order only picks the candidates).
 * </ul>
 */
@Component
public class Retriever {

  /** Each list fetches this many times top_k (at least {@link #MIN_CANDIDATES}) so fusion has depth. */
  private static final int CANDIDATE_FACTOR = 3;
  private static final int MIN_CANDIDATES = 30;

  private final KnowledgeIndex index;
  private final ChunkHighlighter highlighter = new ChunkHighlighter(new ChineseAnalyzers());

  public Retriever(KnowledgeIndex index) {
    this.index = index;
  }

  public RetrievalResult retrieve(RetrievalRequest r) {
    long start = System.nanoTime();
    DictionaryExpansion.Expanded x = DictionaryExpansion.expand(r.query(), r.dictionary());
    int candidates = Math.max(MIN_CANDIDATES, r.topK() * CANDIDATE_FACTOR);
    float[] vector = r.mode() == Mode.FULLTEXT ? null : r.embedder().embed(x.expanded());
    IndexQuery q = new IndexQuery(r.kbIds(), x.expanded(), vector, candidates, r.filters(), r.exact(),
        x.phrases());
    List<Fused> fused = switch (r.mode()) {
      case VECTOR -> ScoreFusion.single(index.vectorSearch(q), "vector");
      case FULLTEXT -> ScoreFusion.single(index.fullTextSearch(q), "fulltext");
      case HYBRID -> fuse(r, index.vectorSearch(q), index.fullTextSearch(q));
    };
    if (r.reranker() != null && !fused.isEmpty()) {
      fused = rerank(r, x.original(), fused.subList(0, Math.min(fused.size(), candidates)));
    }
    List<RetrievedChunk> out = new ArrayList<>(r.topK());
    for (Fused f : fused) {
      if (out.size() == r.topK()) {
        break;
      }
      if (r.scoreThreshold() != null && f.score() < r.scoreThreshold()) {
        continue;
      }
      out.add(toHit(r, x, f));
    }
    return new RetrievalResult(out, x.expanded(), r.mode().name().toLowerCase(),
        (System.nanoTime() - start) / 1_000_000);
  }

  private static List<Fused> fuse(RetrievalRequest r, List<IndexHit> vector, List<IndexHit> fullText) {
    return "weighted".equals(r.fusion().kind())
        ? ScoreFusion.weighted(vector, fullText, r.fusion().vectorWeight())
        : ScoreFusion.rrf(vector, fullText, r.fusion().rrfK(), r.fusion().vectorWeight());
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

  private RetrievedChunk toHit(RetrievalRequest r, DictionaryExpansion.Expanded x, Fused f) {
    IndexedChunk c = f.chunk();
    return new RetrievedChunk(c.chunkId(), c.text(), f.score(), c.documentId(), c.kbId(), c.metadata(),
        c.headingPath(), highlighter.highlight(c.text(), x.original(), x.phrases()), f.parts(), context(r, c));
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
