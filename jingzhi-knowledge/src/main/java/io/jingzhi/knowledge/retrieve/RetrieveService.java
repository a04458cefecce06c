package io.jingzhi.knowledge.retrieve;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.knowledge.base.BaseSettings;
import io.jingzhi.knowledge.base.KnowledgeBase;
import io.jingzhi.knowledge.base.KnowledgeBaseAccessPolicy;
import io.jingzhi.knowledge.base.RetrievalDefaults;
import io.jingzhi.knowledge.document.DocumentRepository;
import io.jingzhi.knowledge.index.IndexHit;
import io.jingzhi.knowledge.index.IndexQuery;
import io.jingzhi.knowledge.index.IndexedChunk;
import io.jingzhi.knowledge.index.KnowledgeIndex;
import io.jingzhi.knowledge.retrieval.DictionarySource;
import io.jingzhi.knowledge.retrieval.QueryDictionary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Retrieval from one knowledge base: the base's defaults merged with the request, the query embedded with the
 * base's model through the gateway as the caller, the dictionaries of the base applied, full-text and vector hits
 * fused, reranked when the base names a rerank model, the score threshold applied after fusion (and rerank), the
 * context expanded, and a retrieval hit counted for every document returned.
 */
@Service
public class RetrieveService {

  /** Candidates fetched per side before fusion, as a multiple of top_k. */
  static final int CANDIDATES = 4;
  /** The constant of reciprocal-rank fusion. */
  static final int RRF_K = 60;

  private final KnowledgeBaseAccessPolicy access;
  private final BaseSettings settings;
  private final ModelClient models;
  private final KnowledgeIndex index;
  private final ObjectProvider<DictionarySource> dictionaries;
  private final DocumentRepository documents;
  private final Clock clock;

  public RetrieveService(KnowledgeBaseAccessPolicy access, BaseSettings settings, ModelClient models,
      KnowledgeIndex index, ObjectProvider<DictionarySource> dictionaries, DocumentRepository documents,
      Clock clock) {
    this.access = access;
    this.settings = settings;
    this.models = models;
    this.index = index;
    this.dictionaries = dictionaries;
    this.documents = documents;
    this.clock = clock;
  }

  @Transactional
  public RetrieveResult retrieve(Caller caller, long kbId, RetrieveRequest request) {
    long start = System.nanoTime();
    KnowledgeBase base = access.readable(caller, kbId);
    RetrievalDefaults r = settings.merge(base.retrieval(), overlay(request));
    var filters = Filters.read(request.filters());
    String expanded = expand(request.query().strip(), dictionary(kbId));
    int k = r.topK();
    int candidates = Math.max(k * CANDIDATES, 20);
    Set<Long> kbs = Set.of(kbId);
    List<IndexHit> fulltext = r.mode().equals("vector") ? List.of()
        : index.fullTextSearch(new IndexQuery(kbs, expanded, null, candidates, filters, false));
    List<IndexHit> vector = r.mode().equals("fulltext") ? List.of()
        : index.vectorSearch(new IndexQuery(kbs, null, embed(caller, base, request.query()), candidates, filters,
            false));
    List<Scored> ranked = switch (r.mode()) {
      case "vector" -> vector.stream().map(h -> new Scored(h.chunk(), h.score())).toList();
      case "fulltext" -> fulltext.stream().map(h -> new Scored(h.chunk(), h.score())).toList();
      default -> "weighted".equals(r.fusion()) ? weighted(vector, fulltext, r.vectorWeight())
          : reciprocalRank(vector, fulltext);
    };
    boolean rerank = r.rerankModel() != null && !Boolean.FALSE.equals(request.rerank()) && !ranked.isEmpty();
    if (rerank) {
      ranked = rerank(caller, r.rerankModel(), request.query(), ranked);
    }
    List<RetrievedChunk> chunks = new ArrayList<>();
    for (Scored s : ranked) {
      if (chunks.size() == k) {
        break;
      }
      if (r.scoreThreshold() == null || s.score() >= r.scoreThreshold()) {
        chunks.add(answer(s, r.context(), expanded));
      }
    }
    Set<Long> hitDocuments = new LinkedHashSet<>();
    chunks.forEach(c -> hitDocuments.add(c.documentId()));
    documents.hits(kbId, base.tenantId(), hitDocuments, clock.instant());
    return new RetrieveResult(chunks, expanded, r.mode(), (System.nanoTime() - start) / 1_000_000);
  }

  private record Scored(IndexedChunk chunk, double score) {}

  private static RetrievalDefaults overlay(RetrieveRequest q) {
    var c = q.context() == null ? null : new RetrievalDefaults.Context(q.context().neighbours(), q.context().parent());
    return new RetrievalDefaults(q.mode(), q.topK(), q.scoreThreshold(), null, null, null, c);
  }

  private QueryDictionary dictionary(long kbId) {
    List<QueryDictionary.Entry> entries = new ArrayList<>();
    dictionaries.orderedStream().forEach(d -> entries.addAll(d.forBases(List.of(kbId)).entries()));
    return new QueryDictionary(entries);
  }

  /** The query with the dictionary's synonyms, full forms and 转义 targets of the terms it contains. */
  static String expand(String query, QueryDictionary dictionary) {
    Set<String> added = new LinkedHashSet<>();
    for (QueryDictionary.Entry e : dictionary.entries()) {
      if (e.kind() == QueryDictionary.Entry.Kind.TERM) {
        continue;
      }
      if (query.contains(e.term())) {
        e.targets().stream().filter(t -> !query.contains(t)).forEach(added::add);
      } else if (e.kind() == QueryDictionary.Entry.Kind.SYNONYM && e.targets().stream().anyMatch(query::contains)) {
        added.add(e.term());
      }
    }
    return added.isEmpty() ? query : query + " " + String.join(" ", added);
  }

  private float[] embed(Caller caller, KnowledgeBase base, String query) {
    if (base.embeddingDimension() == 0) {
      throw ApiException.conflict("knowledge_base.not_ready", "Knowledge base " + base.name()
          + " has no embedding dimension yet: it is learnt by its first ingestion job");
    }
    return models.embed(caller, base.embeddingModel(), List.of(query)).getFirst();
  }

  private static List<Scored> reciprocalRank(List<IndexHit> vector, List<IndexHit> fulltext) {
    Map<Long, IndexedChunk> chunks = new LinkedHashMap<>();
    Map<Long, Double> scores = new LinkedHashMap<>();
    for (List<IndexHit> list : List.of(vector, fulltext)) {
      for (int i = 0; i < list.size(); i++) {
        IndexedChunk c = list.get(i).chunk();
        chunks.putIfAbsent(c.chunkId(), c);
        scores.merge(c.chunkId(), 1.0 / (RRF_K + i + 1), Double::sum);
      }
    }
    return sorted(chunks, scores);
  }

  private static List<Scored> weighted(List<IndexHit> vector, List<IndexHit> fulltext, double vectorWeight) {
    Map<Long, IndexedChunk> chunks = new LinkedHashMap<>();
    Map<Long, Double> scores = new LinkedHashMap<>();
    add(vector, vectorWeight, chunks, scores);
    add(fulltext, 1 - vectorWeight, chunks, scores);
    return sorted(chunks, scores);
  }

  /** Adds one side's scores, scaled to 0–1 by its best score so the sides are comparable. */
  private static void add(List<IndexHit> hits, double weight, Map<Long, IndexedChunk> chunks,
      Map<Long, Double> scores) {
    double best = hits.stream().mapToDouble(IndexHit::score).max().orElse(1);
    for (IndexHit h : hits) {
      chunks.putIfAbsent(h.chunk().chunkId(), h.chunk());
      scores.merge(h.chunk().chunkId(), weight * (best > 0 ? h.score() / best : 0), Double::sum);
    }
  }

  private static List<Scored> sorted(Map<Long, IndexedChunk> chunks, Map<Long, Double> scores) {
    return scores.entrySet().stream().map(e -> new Scored(chunks.get(e.getKey()), e.getValue()))
        .sorted(Comparator.comparingDouble(Scored::score).reversed()).toList();
  }

  private List<Scored> rerank(Caller caller, String model, String query, List<Scored> ranked) {
    List<Double> scores = models.rerank(caller, model, query, ranked.stream().map(s -> s.chunk().text()).toList());
    List<Scored> out = new ArrayList<>(ranked.size());
    for (int i = 0; i < ranked.size(); i++) {
      out.add(new Scored(ranked.get(i).chunk(), scores.get(i)));
    }
    out.sort(Comparator.comparingDouble(Scored::score).reversed());
    return out;
  }

  private RetrievedChunk answer(Scored s, RetrievalDefaults.Context context, String query) {
    IndexedChunk c = s.chunk();
    List<RetrievedChunk.ContextChunk> around = new ArrayList<>();
    int n = context.neighbours() == null ? 0 : context.neighbours();
    if (n > 0) {
      index.range(c.kbId(), c.documentId(), c.ordinal() - n, c.ordinal() + n).stream()
          .filter(x -> x.chunkId() != c.chunkId() && x.searchable() && x.enabled())
          .forEach(x -> around.add(new RetrievedChunk.ContextChunk(x.chunkId(), x.text(), x.ordinal())));
    }
    if (Boolean.TRUE.equals(context.parent()) && c.parentId() != null) {
      index.get(c.kbId(), c.parentId())
          .ifPresent(p -> around.add(new RetrievedChunk.ContextChunk(p.chunkId(), p.text(), p.ordinal())));
    }
    List<String> headings = c.metadata().containsKey("heading_path")
        ? List.of(c.metadata().get("heading_path").split(" > ")) : List.of();
    return new RetrievedChunk(c.chunkId(), c.text(), s.score(), c.documentId(), c.kbId(), c.metadata(), headings,
        highlight(c.text(), query), around.isEmpty() ? null : around);
  }

  /** The text with the query's characters that occur in it marked, cut around the first match. */
  static String highlight(String text, String query) {
    int first = -1;
    for (char ch : query.toCharArray()) {
      if (!Character.isWhitespace(ch)) {
        int at = text.indexOf(ch);
        if (at >= 0 && (first < 0 || at < first)) {
          first = at;
        }
      }
    }
    int from = Math.max(0, first - 40);
    String window = text.substring(from, Math.min(text.length(), from + 200));
    return (from > 0 ? "…" : "") + window + (from + 200 < text.length() ? "…" : "");
  }
}
