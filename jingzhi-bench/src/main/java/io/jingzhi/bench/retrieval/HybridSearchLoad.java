package io.jingzhi.bench.retrieval;

import io.jingzhi.guard.api.embedding.BatchedBgeSmallZhEmbedder;
import io.jingzhi.knowledge.index.IndexQuery;
import io.jingzhi.knowledge.index.IndexedChunk;
import io.jingzhi.knowledge.index.lucene.LuceneKnowledgeIndex;
import io.jingzhi.knowledge.retrieval.RetrievalRequest;
import io.jingzhi.knowledge.retrieval.RetrievalRequest.Fusion;
import io.jingzhi.knowledge.retrieval.RetrievalRequest.Mode;
import io.jingzhi.knowledge.retrieval.Retriever;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Latency of top-10 retrieval over 100,000 chunks at a fixed number of concurrent clients (a load harness, not
 * JMH: 20 closed-loop threads each sending its next query when the last one answered, latencies in an HdrHistogram).
 * Hybrid, full text only (the baseline) and vector only run in the same JVM on the same index, in rounds
 * (full text, vector, hybrid, then again) so warm-up and background noise hit all three; the ratio hybrid / full
 * text is the figure to compare, absolute numbers depend on the machine.
 *
 * <p>The corpus: the 7,910 cmrc2018 passages, each in 13 variants (the passage with its sentences rotated), so
 * 102,830 chunks with real Chinese text. Embedding 100k texts takes hours on 2 cores, so a variant's vector is the
 * passage's real bge-small-zh-v1.5 vector plus Gaussian noise (σ = 0.01 per dimension, renormalised: cosine to the
 * original ≈ 0.97), which keeps the real distribution of the vector space. Queries are the 1,940 cmrc2018 queries
 * with their real vectors, embedded beforehand; the cost of embedding a query in-process is measured separately and
 * printed (it is part of a real request's latency and is not hidden).
 *
 * <p>Usage: {@code HybridSearchLoad corpus.jsonl queries.jsonl [threads 20] [queriesPerRound 4000] [cacheDir]
 * [--rebuild] [--compact] [--recall] [--embed] [--unbounded] [--synthetic-vectors] [--quick]}. The built index is kept under {@code cacheDir/hybrid-index} and reused by the next run
 * ({@code --rebuild} builds it again). {@code --compact} measures the one-client service time, merges the index into
 * one segment ({@link LuceneKnowledgeIndex#compact}, what the index does after a bulk load) and measures again: a
 * before/after in one process. The one-client figures include the mean CPU time per query, which a busy machine
 * inflates far less than wall-clock time. {@code --recall}: HNSW recall@10 against exact search on 300 queries.
 * {@code --embed}: a fourth mode, hybrid with the query embedded in-process (bge-small-zh-v1.5) inside every
 * request, 1,000 queries per round. {@code --unbounded}: hybrid again through a retriever without search slots
 * (every search admitted at once, the behaviour before them): the slots' effect in the same run. {@code --quick}:
 * one-client service time only after compaction (not before it, not again after round 0).
 */
public final class HybridSearchLoad {

  private static final int VARIANTS = 13;

  public static void main(String[] all) throws Exception {
    List<String> flags = java.util.Arrays.stream(all).filter(a -> a.startsWith("--")).toList();
    String[] args = java.util.Arrays.stream(all).filter(a -> !a.startsWith("--")).toArray(String[]::new);
    Path corpusFile = Path.of(args[0]);
    Path queryFile = Path.of(args[1]);
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int perRound = args.length > 3 ? Integer.parseInt(args[3]) : 4000;
    Path cacheDir = Path.of(args.length > 4 ? args[4] : "jingzhi-bench/target/retrieval-cache");
    VectorCache cache = new VectorCache(cacheDir);
    List<String> passages = EvalData.texts(corpusFile, "text");
    List<String> queries = EvalData.texts(queryFile, "query");
    // --synthetic-vectors: random unit vectors (512 dimensions) instead of bge-small ones, for a machine where
    // embedding the corpus first is too slow; the full-text side is unchanged, the vector side is a random space
    // (no clusters: an HNSW search there visits at least as many nodes as on real embeddings).
    boolean synthetic = flags.contains("--synthetic-vectors");
    List<float[]> passageVectors = synthetic ? randomUnit(passages.size(), 1)
        : cache.vectors(EvalData.label(corpusFile), passages);
    List<float[]> queryVectors = synthetic ? randomUnit(queries.size(), 2)
        : cache.vectors(EvalData.label(queryFile), queries);
    Map<String, float[]> byText = new HashMap<>();
    for (int i = 0; i < queries.size(); i++) {
      byText.put(queries.get(i).strip(), queryVectors.get(i));
    }

    Path indexDir = cacheDir.resolve(synthetic ? "hybrid-index-synthetic" : "hybrid-index");
    try (LuceneKnowledgeIndex index = new LuceneKnowledgeIndex(indexDir, Duration.ofSeconds(30))) {
      long expected = (long) passages.size() * VARIANTS;
      if (index.count(1) != expected || flags.contains("--rebuild")) {
        build(index, passages, passageVectors);
      }
      System.out.printf("index: %d chunks in %d segments, %d dims; %d threads, %d queries per mode and round; "
          + "cores %d%n", index.count(1), index.segments(1), passageVectors.get(0).length, threads, perRound,
          Runtime.getRuntime().availableProcessors());
      Retriever retriever = new Retriever(index);
      // --unbounded: the same hybrid through a retriever that admits every search at once (as before search slots)
      Retriever unbounded = new Retriever(index, 1024);
      RetrievalRequest.QueryEmbedder embedder = byText::get;
      Map<String, Function<String, RetrievalRequest>> modes = new java.util.LinkedHashMap<>();
      modes.put("fulltext", q -> RetrievalRequest.of(Set.of(1L), q, 10, embedder).withMode(Mode.FULLTEXT));
      modes.put("vector", q -> RetrievalRequest.of(Set.of(1L), q, 10, embedder).withMode(Mode.VECTOR));
      modes.put("hybrid", q -> RetrievalRequest.of(Set.of(1L), q, 10, embedder)
          .withFusion(Fusion.defaults()));
      if (flags.contains("--unbounded")) {
        modes.put("hybrid-unbounded", modes.get("hybrid"));
      }
      if (flags.contains("--embed")) {
        // The query embedded in-process on every request (no cache), as a base using the in-process model does.
        BatchedBgeSmallZhEmbedder model = new BatchedBgeSmallZhEmbedder(1);
        model.embed(List.of("预热"));
        modes.put("hybrid+embed", q -> RetrievalRequest.of(Set.of(1L), q, 10,
            text -> model.embed(List.of(text)).getFirst()).withFusion(Fusion.defaults()));
      }
      if (flags.contains("--compact")) {
        if (!flags.contains("--quick")) {
          run(retriever, queries, modes.get("hybrid"), 1, 1000);
          serviceTime("before compaction", retriever, queries, modes);
        }
        long start = System.nanoTime();
        index.compact(1);
        System.out.printf("compacted into %d segment(s) in %.0f s%n", index.segments(1),
            (System.nanoTime() - start) / 1e9);
        run(retriever, queries, modes.get("hybrid"), 1, 1000);
        serviceTime("after compaction", retriever, queries, modes);
      }
      if (flags.contains("--recall")) {
        recall(index, queries.subList(0, 300).stream().map(q -> byText.get(q.strip())).toList());
      }
      for (int round = 0; round < 3; round++) {
        Map<String, Histogram> results = new java.util.LinkedHashMap<>();
        for (var m : modes.entrySet()) {
          int n = round == 0 || m.getKey().endsWith("+embed") ? Math.min(1000, perRound) : perRound;
          results.put(m.getKey(), run(m.getKey().endsWith("-unbounded") ? unbounded : retriever, queries,
              m.getValue(), threads, n));
        }
        if (round == 0 && !flags.contains("--quick")) {
          serviceTime("1 thread", retriever, queries, modes);
        }
        if (round == 0) {
          System.out.println("(round 0 is warm-up)");
        }
        for (var e : results.entrySet()) {
          Histogram h = e.getValue();
          System.out.printf("round %d %-8s n=%d p50 %.2f ms  p99 %.2f ms  max %.2f ms  mean %.2f ms%n", round,
              e.getKey(), h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
              h.getMaxValue() / 1e3, h.getMean() / 1e3);
        }
        Histogram hy = results.get("hybrid");
        Histogram ft = results.get("fulltext");
        System.out.printf("round %d ratio hybrid/fulltext: p50 %.2f  p99 %.2f%n", round,
            (double) hy.getValueAtPercentile(50) / ft.getValueAtPercentile(50),
            (double) hy.getValueAtPercentile(99) / ft.getValueAtPercentile(99));
      }
    }
    embeddingCost(queries);
    System.exit(0);
  }

  private static void build(LuceneKnowledgeIndex index, List<String> passages, List<float[]> vectors) {
    long start = System.nanoTime();
    index.deleteBase(1);
    index.ensureBase(1, vectors.get(0).length, "cosine");
    Random noise = new Random(42);
    List<IndexedChunk> batch = new ArrayList<>();
    long id = 1;
    for (int v = 0; v < VARIANTS; v++) {
      for (int i = 0; i < passages.size(); i++) {
        String text = rotate(passages.get(i), v);
        batch.add(new IndexedChunk(id, 1, i + 1L, 1, v, text, text, v == 0 ? vectors.get(i) : jitter(vectors.get(i),
            noise), Map.of("domain", "d" + (i % 20), "variant", Integer.toString(v)), List.of(), null, true, true));
        id++;
        if (batch.size() == 5000) {
          index.upsert(batch);
          batch.clear();
        }
      }
      System.err.printf("indexed %d chunks in %.0f s%n", id - 1, (System.nanoTime() - start) / 1e9);
    }
    index.upsert(batch);
  }

  /** The passage with its sentences rotated by {@code v}: the same words, other bigrams at the seams. */
  static String rotate(String text, int v) {
    String[] sentences = text.split("(?<=[。！？])");
    if (v == 0 || sentences.length < 2) {
      return v == 0 ? text : text + "（" + v + "）";
    }
    int r = v % sentences.length;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < sentences.length; i++) {
      b.append(sentences[(i + r) % sentences.length]);
    }
    return b.toString();
  }

  private static List<float[]> randomUnit(int n, long seed) {
    Random r = new Random(seed);
    List<float[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(jitter(new float[512], r));
    }
    return out;
  }

  private static float[] jitter(float[] v, Random r) {
    float[] out = new float[v.length];
    double n = 0;
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] + (float) (0.01 * r.nextGaussian());
      n += out[i] * out[i];
    }
    for (int i = 0; i < v.length; i++) {
      out[i] /= (float) Math.sqrt(n);
    }
    return out;
  }

  /** How many of the exact top 10 the HNSW top 10 finds (the vector side's quality at this size). */
  private static void recall(LuceneKnowledgeIndex index, List<float[]> vectors) {
    long found = 0;
    for (float[] v : vectors) {
      var hnsw = index.vectorSearch(new IndexQuery(Set.of(1L), null, v, 10, List.of(), false)).stream()
          .map(h -> h.chunk().chunkId()).collect(java.util.stream.Collectors.toSet());
      found += index.vectorSearch(new IndexQuery(Set.of(1L), null, v, 10, List.of(), true)).stream()
          .filter(h -> hnsw.contains(h.chunk().chunkId())).count();
    }
    System.out.printf("HNSW recall@10 against exact search: %.4f (%d queries)%n", found / (10.0 * vectors.size()),
        vectors.size());
  }

  /** Service time without queueing: one client, the same queries (what one query costs on this machine). */
  private static void serviceTime(String label, Retriever retriever, List<String> queries,
      Map<String, Function<String, RetrievalRequest>> modes) throws InterruptedException {
    for (var m : modes.entrySet()) {
      var cpu = new java.util.concurrent.atomic.AtomicLong();
      Histogram h = run(retriever, queries, m.getValue(), 1, 1000, cpu);
      System.out.printf("%s %-8s n=%d p50 %.2f ms  p99 %.2f ms  mean %.2f ms  cpu/query %.2f ms%n", label,
          m.getKey(), h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
          h.getMean() / 1e3, cpu.get() / 1e6 / h.getTotalCount());
    }
  }

  private static Histogram run(Retriever retriever, List<String> queries, Function<String, RetrievalRequest> how,
      int threads, int total) throws InterruptedException {
    return run(retriever, queries, how, threads, total, new java.util.concurrent.atomic.AtomicLong());
  }

  /** {@code cpu} receives the CPU nanoseconds the client threads spent (their whole loop, i.e. the queries). */
  private static Histogram run(Retriever retriever, List<String> queries, Function<String, RetrievalRequest> how,
      int threads, int total, java.util.concurrent.atomic.AtomicLong cpuNanos) throws InterruptedException {
    Histogram all = new Histogram(60_000_000L, 3);
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(threads);
    List<Histogram> perThread = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Histogram h = new Histogram(60_000_000L, 3);
      perThread.add(h);
      Thread.ofPlatform().daemon().start(() -> {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = mx.getCurrentThreadCpuTime();
        try {
          for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
            RetrievalRequest req = how.apply(queries.get(i % queries.size()));
            long s = System.nanoTime();
            retriever.retrieve(req);
            h.recordValue(Math.max(1, (System.nanoTime() - s) / 1000));
          }
        } finally {
          cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpu);
          done.countDown();
        }
      });
    }
    done.await();
    perThread.forEach(all::add);
    return all;
  }

  /** In-process query embedding, one query at a time (what a retrieve request adds before searching). */
  private static void embeddingCost(List<String> queries) {
    BatchedBgeSmallZhEmbedder embedder = new BatchedBgeSmallZhEmbedder(1);
    embedder.embed(List.of("预热"));
    Histogram h = new Histogram(60_000_000L, 3);
    for (int i = 0; i < 200; i++) {
      long s = System.nanoTime();
      embedder.embed(List.of(queries.get(i * 7 % queries.size())));
      h.recordValue(Math.max(1, (System.nanoTime() - s) / 1000));
    }
    System.out.printf("query embedding (bge-small-zh-v1.5 in-process, 1 thread, 200 queries): p50 %.2f ms  p99 %.2f"
        + " ms%n", h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3);
  }
}
