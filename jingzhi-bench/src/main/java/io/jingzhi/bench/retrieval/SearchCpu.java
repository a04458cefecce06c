package io.jingzhi.bench.retrieval;

import io.jingzhi.knowledge.index.IndexQuery;
import io.jingzhi.knowledge.index.lucene.LuceneKnowledgeIndex;
import io.jingzhi.knowledge.retrieval.RetrievalRequest;
import io.jingzhi.knowledge.retrieval.RetrievalRequest.Fusion;
import io.jingzhi.knowledge.retrieval.RetrievalRequest.Mode;
import io.jingzhi.knowledge.retrieval.Retriever;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * CPU time per query at one client, per mode (full text, vector, hybrid), on the index {@link HybridSearchLoad}
 * built: the service time that bounds latency at 20 clients on 2 cores (20 × CPU / 2). One thread runs the modes
 * in turn, {@code rounds} times, so a change of machine load hits all of them; to compare two builds, run this
 * with each build's classpath alternately. Wall time is printed too: when it is well above the CPU time, the
 * process was waiting for a core and the wall figures are not service times.
 *
 * <p>Usage: {@code SearchCpu queries.jsonl [queriesPerMode 2000] [rounds 3] [cacheDir] [index (hybrid-index)]
 * [--recall]}: the index built with real vectors under {@code cacheDir}; {@code --recall} first prints HNSW
 * recall@10 against exact search on 300 queries. With {@code -XX:StartFlightRecording} it doubles as the profiling
 * run.
 */
public final class SearchCpu {

  private SearchCpu() {}

  public static void main(String[] all) throws Exception {
    boolean recall = List.of(all).contains("--recall");
    String[] args = java.util.Arrays.stream(all).filter(a -> !a.startsWith("--")).toArray(String[]::new);
    int perMode = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path cacheDir = Path.of(args.length > 3 ? args[3] : "jingzhi-bench/target/retrieval-cache");
    String indexName = args.length > 4 ? args[4] : "hybrid-index";
    List<String> queries = EvalData.texts(Path.of(args[0]), "query");
    List<float[]> vectors = new VectorCache(cacheDir).vectors(EvalData.label(Path.of(args[0])), queries);
    Map<String, float[]> byText = new HashMap<>();
    for (int i = 0; i < queries.size(); i++) {
      byText.put(queries.get(i).strip(), vectors.get(i));
    }
    RetrievalRequest.QueryEmbedder embedder = byText::get;
    Map<String, Function<String, RetrievalRequest>> modes = new LinkedHashMap<>();
    modes.put("fulltext", q -> RetrievalRequest.of(Set.of(1L), q, 10, embedder).withMode(Mode.FULLTEXT));
    modes.put("vector", q -> RetrievalRequest.of(Set.of(1L), q, 10, embedder).withMode(Mode.VECTOR));
    modes.put("hybrid", q -> RetrievalRequest.of(Set.of(1L), q, 10, embedder).withFusion(Fusion.defaults()));
    try (LuceneKnowledgeIndex index = new LuceneKnowledgeIndex(cacheDir.resolve(indexName),
        Duration.ofSeconds(30))) {
      System.out.printf("index %s: %d chunks in %d segments; %d queries per mode and round%n", indexName,
          index.count(1), index.segments(1), perMode);
      if (recall) {
        recall(index, vectors.subList(0, 300));
      }
      Retriever retriever = new Retriever(index);
      for (var m : modes.values()) {
        measure(retriever, queries, m, 300); // warm-up
      }
      for (int round = 1; round <= rounds; round++) {
        for (var m : modes.entrySet()) {
          double[] r = measure(retriever, queries, m.getValue(), perMode);
          System.out.printf("round %d %-8s cpu/query %.3f ms  wall/query %.3f ms%n", round, m.getKey(), r[0], r[1]);
        }
      }
    }
    System.exit(0);
  }

  /** HNSW recall@10 against exact search, and the CPU per HNSW search alone. */
  private static void recall(LuceneKnowledgeIndex index, List<float[]> vectors) {
    long found = 0;
    var mx = ManagementFactory.getThreadMXBean();
    long hnswCpu = 0;
    for (float[] v : vectors) {
      long cpu = mx.getCurrentThreadCpuTime();
      Set<Long> hnsw = new java.util.HashSet<>();
      index.vectorScores(new IndexQuery(Set.of(1L), null, v, 10, List.of(), false)).forEach(h -> hnsw.add(
          h.chunkId()));
      hnswCpu += mx.getCurrentThreadCpuTime() - cpu;
      found += index.vectorScores(new IndexQuery(Set.of(1L), null, v, 10, List.of(), true)).stream()
          .filter(h -> hnsw.contains(h.chunkId())).count();
    }
    System.out.printf("HNSW recall@10 against exact search: %.4f (%d queries; HNSW search cpu %.3f ms)%n",
        found / (10.0 * vectors.size()), vectors.size(), hnswCpu / 1e6 / vectors.size());
  }

  /** CPU and wall milliseconds per query of {@code n} queries on this thread. */
  private static double[] measure(Retriever retriever, List<String> queries, Function<String, RetrievalRequest> how,
      int n) {
    var mx = ManagementFactory.getThreadMXBean();
    long cpu = mx.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    for (int i = 0; i < n; i++) {
      retriever.retrieve(how.apply(queries.get(i % queries.size())));
    }
    return new double[] {(mx.getCurrentThreadCpuTime() - cpu) / 1e6 / n, (System.nanoTime() - wall) / 1e6 / n};
  }
}
