package io.jingzhi.knowledge.retrieval;

import io.jingzhi.knowledge.KnowledgeException;
import io.jingzhi.knowledge.index.IndexQuery.MetadataFilter;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * One retrieval, as the REST layer (or the search portal) asks for it.
 *
 * @param kbIds the bases to search (the caller has checked access)
 * @param mode hybrid | vector | fulltext
 * @param topK hits wanted (1–100)
 * @param scoreThreshold hits scoring below it are dropped, after fusion and rerank; null: none (see {@link
 *     Retriever} for what a score means in each mode)
 * @param fusion how hybrid combines its two lists
 * @param exact exact (brute-force) vector search instead of HNSW
 * @param context neighbours and parent to return with each hit
 * @param dictionary the dictionary entries of the bases searched
 * @param embedder embeds the (expanded) query; the REST layer wraps the gateway's embeddings; unused in fulltext
 * @param reranker optional: re-scores the fused candidates (the REST layer wraps the gateway's rerank), null: none
 */
public record RetrievalRequest(Set<Long> kbIds, String query, Mode mode, int topK, List<MetadataFilter> filters,
    Float scoreThreshold, Fusion fusion, boolean exact, Context context, QueryDictionary dictionary,
    QueryEmbedder embedder, Reranker reranker) {

  public static final int MAX_TOP_K = 100;

  public RetrievalRequest {
    if (query == null || query.isBlank()) {
      throw invalid("retrieval.empty_query", "the query is empty");
    }
    if (topK < 1 || topK > MAX_TOP_K) {
      throw invalid("retrieval.invalid_top_k", "top_k must be 1–" + MAX_TOP_K + ", got " + topK);
    }
    if (kbIds == null || kbIds.isEmpty()) {
      throw invalid("retrieval.no_base", "no knowledge base to search");
    }
    kbIds = Set.copyOf(kbIds);
    mode = mode == null ? Mode.HYBRID : mode;
    filters = filters == null ? List.of() : List.copyOf(filters);
    fusion = fusion == null ? Fusion.defaults() : fusion;
    context = context == null ? Context.NONE : context;
    dictionary = dictionary == null ? QueryDictionary.empty() : dictionary;
    if (mode != Mode.FULLTEXT && embedder == null) {
      throw invalid("retrieval.no_embedder", mode.name().toLowerCase() + " retrieval needs an embedding model");
    }
  }

  /** A hybrid search with the defaults (default fusion, no threshold, no rerank, no context). */
  public static RetrievalRequest of(Set<Long> kbIds, String query, int topK, QueryEmbedder embedder) {
    return new RetrievalRequest(kbIds, query, Mode.HYBRID, topK, List.of(), null, Fusion.defaults(), false,
        Context.NONE, QueryDictionary.empty(), embedder, null);
  }

  public RetrievalRequest withMode(Mode m) {
    return new RetrievalRequest(kbIds, query, m, topK, filters, scoreThreshold, fusion, exact, context, dictionary,
        embedder, reranker);
  }

  public RetrievalRequest withFusion(Fusion f) {
    return new RetrievalRequest(kbIds, query, mode, topK, filters, scoreThreshold, f, exact, context, dictionary,
        embedder, reranker);
  }

  public RetrievalRequest withThreshold(Float t) {
    return new RetrievalRequest(kbIds, query, mode, topK, filters, t, fusion, exact, context, dictionary, embedder,
        reranker);
  }

  public RetrievalRequest withDictionary(QueryDictionary d) {
    return new RetrievalRequest(kbIds, query, mode, topK, filters, scoreThreshold, fusion, exact, context, d,
        embedder, reranker);
  }

  public RetrievalRequest withReranker(Reranker r) {
    return new RetrievalRequest(kbIds, query, mode, topK, filters, scoreThreshold, fusion, exact, context,
        dictionary, embedder, r);
  }

  public RetrievalRequest withContext(Context c) {
    return new RetrievalRequest(kbIds, query, mode, topK, filters, scoreThreshold, fusion, exact, c, dictionary,
        embedder, reranker);
  }

  public RetrievalRequest withFilters(List<MetadataFilter> f) {
    return new RetrievalRequest(kbIds, query, mode, topK, f, scoreThreshold, fusion, exact, context, dictionary,
        embedder, reranker);
  }

  public enum Mode {
    HYBRID, VECTOR, FULLTEXT;

    /** hybrid | vector | fulltext (case-insensitive); a clear 400 otherwise. */
    public static Mode parse(String s) {
      if (s == null || s.isBlank()) {
        return HYBRID;
      }
      return switch (s.trim().toLowerCase()) {
        case "hybrid" -> HYBRID;
        case "vector" -> VECTOR;
        case "fulltext", "full_text" -> FULLTEXT;
        default -> throw invalid("retrieval.invalid_mode", "mode must be hybrid, vector or fulltext, got " + s);
      };
    }
  }

  /**
   * How hybrid combines its lists.
   *
   * @param kind rrf | weighted
   * @param rrfK RRF's k (60 by default): larger flattens the advantage of the first ranks
   * @param vectorWeight the vector list's share (0–1), the full-text list gets the rest: of the score (weighted) or
   *     of the reciprocal ranks (rrf; 0.5 = classic RRF)
   */
  public record Fusion(String kind, int rrfK, float vectorWeight) {

    public Fusion {
      if (!"rrf".equals(kind) && !"weighted".equals(kind)) {
        throw invalid("retrieval.invalid_fusion", "fusion must be rrf or weighted, got " + kind);
      }
      if (vectorWeight < 0 || vectorWeight > 1) {
        throw invalid("retrieval.invalid_fusion", "vector_weight must be within 0–1, got " + vectorWeight);
      }
      if (rrfK < 1) {
        throw invalid("retrieval.invalid_fusion", "rrf k must be at least 1, got " + rrfK);
      }
    }

    /**
     * The default fusion: weighted (min-max scaled), vector_weight 0.3 — the best of the settings tried on the
     * cmrc2018 trial split (docs/knowledge.md, "Index and retrieval").
     */
    public static Fusion defaults() {
      return weighted(0.3f);
    }

    /** RRF with k = 60 and the vector weight tuned on cmrc2018 trial (0.3; 0.5 would be classic RRF). */
    public static Fusion rrf() {
      return new Fusion("rrf", 60, 0.3f);
    }

    public static Fusion rrf(int k) {
      return new Fusion("rrf", k, 0.5f);
    }

    public static Fusion rrf(int k, float vectorWeight) {
      return new Fusion("rrf", k, vectorWeight);
    }

    public static Fusion weighted(float vectorWeight) {
      return new Fusion("weighted", 60, vectorWeight);
    }
  }

  /** Context expansion: {@code neighbours} chunks before and after each hit (0–5), and/or its parent chunk. */
  public record Context(int neighbours, boolean parent) {

    public static final Context NONE = new Context(0, false);

    public Context {
      if (neighbours < 0 || neighbours > 5) {
        throw invalid("retrieval.invalid_context", "context neighbours must be 0–5, got " + neighbours);
      }
    }
  }

  /** Embeds the query text. */
  @FunctionalInterface
  public interface QueryEmbedder {
    float[] embed(String text);
  }

  /** Scores each text's relevance to the query (higher is better; a rerank model's scores, usually 0–1). */
  @FunctionalInterface
  public interface Reranker {
    List<Float> rerank(String query, List<String> texts);
  }

  static KnowledgeException invalid(String code, String detail) {
    return new KnowledgeException(HttpStatus.BAD_REQUEST, code, detail);
  }
}
