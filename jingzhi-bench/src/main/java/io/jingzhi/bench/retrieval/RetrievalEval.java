package io.jingzhi.bench.retrieval;

import io.jingzhi.guard.api.embedding.BatchedBgeSmallZhEmbedder;
import io.jingzhi.guard.api.embedding.BgeSmallZhModel;
import io.jingzhi.guard.api.embedding.StaticBgeSmallZhEmbedder;
import io.jingzhi.guard.api.embedding.TextEmbedder;
import io.jingzhi.knowledge.index.IndexedChunk;
import io.jingzhi.knowledge.index.lucene.LuceneKnowledgeIndex;
import io.jingzhi.knowledge.retrieval.RetrievalRequest;
import io.jingzhi.knowledge.retrieval.RetrievalRequest.Fusion;
import io.jingzhi.knowledge.retrieval.RetrievalRequest.Mode;
import io.jingzhi.knowledge.retrieval.RetrievedChunk;
import io.jingzhi.knowledge.retrieval.Retriever;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Retrieval quality of the knowledge index on a BEIR-shaped set: MRR@10, recall@5 and recall@10 of full text,
 * vector (HNSW and exact) and hybrid (RRF and weighted), per split, through the product's own {@link Retriever}
 * and {@link LuceneKnowledgeIndex} with bge-small-zh-v1.5 vectors (cached under --cache; {@code --model
 * bge-small-zh-v1.5-q} for the int8 build).
 *
 * <p>Usage: {@code RetrievalEval --corpus c.jsonl --queries q.jsonl --qrels r.jsonl [--cache dir]
 * [--model bge-small-zh-v1.5|bge-small-zh-v1.5-q|bge-small-zh-v1.5-static] [--rrf-k 60] [--rrf-vector-weight 0.3] [--vector-weight 0.3] [--words-weight 1] [--bigram-weight 1] [--tune split [--tune-analyzer x] [--tune-only x]]}. Without {@code
 * --tune} it reports the given settings (default: the product's defaults) on every split (a set without a split
 * field is one split, {@code all}). With {@code --tune
 * trial} it also searches the settings on that split only, to pick the defaults honestly before reporting on the
 * other split.
 */
public final class RetrievalEval {

  private record Metrics(double mrr10, double recall5, double recall10, int queries) {
    @Override
    public String toString() {
      return String.format("MRR@10 %.4f  R@5 %.4f  R@10 %.4f  (n=%d)", mrr10, recall5, recall10, queries);
    }
  }

  private final EvalData data;
  private final List<float[]> corpusVectors;
  private final Map<String, float[]> queryVectors = new HashMap<>();
  private final Path work;

  private RetrievalEval(EvalData data, List<float[]> corpusVectors, List<float[]> queryVectors, Path work) {
    this.data = data;
    this.corpusVectors = corpusVectors;
    for (int i = 0; i < data.queries().size(); i++) {
      this.queryVectors.put(data.queries().get(i).text().strip(), queryVectors.get(i));
    }
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Path corpus = Path.of(require(a, "corpus"));
    Path queries = Path.of(require(a, "queries"));
    EvalData data = EvalData.load(corpus, queries, Path.of(require(a, "qrels")));
    String modelName = a.getOrDefault("model", BgeSmallZhModel.FP32.modelName());
    TextEmbedder embedder = modelName.equals(StaticBgeSmallZhEmbedder.MODEL_NAME) ? new StaticBgeSmallZhEmbedder()
        : new BatchedBgeSmallZhEmbedder(BgeSmallZhModel.byName(modelName)
            .orElseThrow(() -> new IllegalArgumentException("unknown --model " + modelName)), 16);
    VectorCache cache = new VectorCache(Path.of(a.getOrDefault("cache", "jingzhi-bench/target/retrieval-cache")),
        embedder);
    System.out.println("embedding model " + embedder.modelName());
    List<float[]> cv = cache.vectors(EvalData.label(corpus), data.corpus().stream().map(EvalData.Passage::text)
        .toList());
    List<float[]> qv = cache.vectors(EvalData.label(queries), data.queries().stream().map(EvalData.Query::text)
        .toList());
    Path work = Files.createTempDirectory("retrieval-eval");
    RetrievalEval eval = new RetrievalEval(data, cv, qv, work);
    float ww = Float.parseFloat(a.getOrDefault("words-weight", "1"));
    float bw = Float.parseFloat(a.getOrDefault("bigram-weight", "1"));
    // Defaults: the product's own (what a request without fusion settings gets).
    int rrfK = Integer.parseInt(a.getOrDefault("rrf-k", Integer.toString(Fusion.rrf().rrfK())));
    float vw = Float.parseFloat(a.getOrDefault("vector-weight", Float.toString(Fusion.defaults().vectorWeight())));
    System.out.printf("corpus %d passages, %d queries with judgements, splits %s%n", data.corpus().size(),
        eval.scored(null).size(), eval.splits());
    if (a.containsKey("tune")) {
      eval.tune(a.get("tune"), a.containsKey("tune-analyzer"));
      if (a.containsKey("tune-only")) {
        System.exit(0);
      }
    }
    float rrfW = Float.parseFloat(a.getOrDefault("rrf-vector-weight", Float.toString(Fusion.rrf().vectorWeight())));
    eval.report(ww, bw, rrfK, rrfW, vw);
    System.exit(0);
  }

  private static String require(Map<String, String> a, String key) {
    if (!a.containsKey(key)) {
      throw new IllegalArgumentException("missing --" + key);
    }
    return a.get(key);
  }

  private Set<String> splits() {
    Set<String> s = new TreeSet<>();
    scored(null).forEach(q -> s.add(q.split()));
    return s;
  }

  private List<EvalData.Query> scored(String split) {
    return data.queries().stream().filter(q -> data.relevant().containsKey(q.qid()))
        .filter(q -> split == null || split.equals(q.split())).toList();
  }

  /** Searches analyzer weights, RRF k and the weighted fusion's vector weight on one split. */
  private void tune(String split, boolean tuneAnalyzer) throws IOException {
    System.out.println("## tuning on split " + split);
    float[][] analyzer = tuneAnalyzer ? new float[][] {{1, 1}, {1, 0}, {0, 1}, {0.5f, 1}} : new float[][] {{1, 1}};
    for (float[] w : analyzer) {
      try (LuceneKnowledgeIndex index = build(w[0], w[1])) {
        Retriever r = new Retriever(index);
        System.out.printf("fulltext words %.1f bigrams %.1f: %s%n", w[0], w[1],
            run(r, split, req -> req.withMode(Mode.FULLTEXT)));
        if (w[0] == 1 && w[1] == 1) {
          for (int k : new int[] {20, 60}) {
            for (float vw : new float[] {0.3f, 0.4f, 0.5f}) {
              System.out.printf("hybrid rrf k=%d w=%.1f: %s%n", k, vw,
                  run(r, split, req -> req.withFusion(Fusion.rrf(k, vw))));
            }
          }
          for (float vw : new float[] {0.05f, 0.1f, 0.15f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f}) {
            System.out.printf("hybrid weighted w=%.2f: %s%n", vw,
                run(r, split, req -> req.withFusion(Fusion.weighted(vw))));
          }
        }
      }
    }
  }

  private void report(float ww, float bw, int rrfK, float rrfW, float vw) throws IOException {
    System.out.printf("## report: words %.1f, bigrams %.1f, rrf k %d (vector weight %.2f), weighted vector_weight"
        + " %.2f%n", ww, bw, rrfK, rrfW, vw);
    try (LuceneKnowledgeIndex index = build(ww, bw)) {
      Retriever r = new Retriever(index);
      Map<String, Function<RetrievalRequest, RetrievalRequest>> modes = new LinkedHashMap<>();
      modes.put("fulltext", req -> req.withMode(Mode.FULLTEXT));
      modes.put("vector (HNSW)", req -> req.withMode(Mode.VECTOR));
      modes.put("vector (exact)", req -> new RetrievalRequest(req.kbIds(), req.query(), Mode.VECTOR, req.topK(),
          req.filters(), null, req.fusion(), true, req.context(), req.dictionary(), req.embedder(), null));
      modes.put("hybrid rrf k=" + rrfK, req -> req.withFusion(Fusion.rrf(rrfK)));
      modes.put("hybrid rrf k=" + rrfK + " w=" + rrfW, req -> req.withFusion(Fusion.rrf(rrfK, rrfW)));
      modes.put("hybrid weighted w=" + vw, req -> req.withFusion(Fusion.weighted(vw)));
      for (String split : splits()) {
        System.out.println("### split " + split);
        for (var m : modes.entrySet()) {
          System.out.printf("%-22s %s%n", m.getKey(), run(r, split, m.getValue()));
        }
      }
    }
  }

  private LuceneKnowledgeIndex build(float wordsWeight, float bigramWeight) throws IOException {
    Path dir = Files.createTempDirectory(work, "index");
    // No scheduled commit while evaluating: the commit task also starts the idle merge into one segment, which on a
    // slow run (over 10 minutes) changed the HNSW graphs between the dev and the trial split (2026-11-29).
    LuceneKnowledgeIndex index = new LuceneKnowledgeIndex(dir, Duration.ofDays(1), wordsWeight, bigramWeight);
    index.ensureBase(1, corpusVectors.get(0).length, "cosine");
    Map<String, Long> docIds = new HashMap<>();
    List<IndexedChunk> batch = new ArrayList<>();
    for (int i = 0; i < data.corpus().size(); i++) {
      EvalData.Passage p = data.corpus().get(i);
      long docId = docIds.computeIfAbsent(p.pid().replaceFirst("-c\\d+$", ""), k -> (long) docIds.size() + 1);
      batch.add(new IndexedChunk(i + 1, 1, docId, 1, i, p.text(), p.text(), corpusVectors.get(i),
          Map.of("pid", p.pid()), List.of(), null, true, true));
      if (batch.size() == 1000) {
        index.upsert(batch);
        batch.clear();
      }
    }
    index.upsert(batch);
    return index;
  }

  private Metrics run(Retriever retriever, String split, Function<RetrievalRequest, RetrievalRequest> how) {
    double rr = 0;
    double r5 = 0;
    double r10 = 0;
    List<EvalData.Query> qs = scored(split);
    for (EvalData.Query q : qs) {
      RetrievalRequest req = how.apply(RetrievalRequest.of(Set.of(1L), q.text(), 10,
          text -> queryVectors.get(text)));
      List<RetrievedChunk> hits = retriever.retrieve(req).chunks();
      Set<String> rel = data.relevant().get(q.qid());
      int found5 = 0;
      int found10 = 0;
      for (int i = 0; i < hits.size(); i++) {
        if (rel.contains(hits.get(i).metadata().get("pid"))) {
          if (found10 == 0) {
            rr += 1.0 / (i + 1);
          }
          found10++;
          if (i < 5) {
            found5++;
          }
        }
      }
      r5 += (double) found5 / rel.size();
      r10 += (double) found10 / rel.size();
    }
    int n = qs.size();
    return new Metrics(rr / n, r5 / n, r10 / n, n);
  }
}
