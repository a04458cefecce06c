package io.jingzhi.bench.retrieval;

import io.jingzhi.guard.api.embedding.BatchedBgeSmallZhEmbedder;
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
 * <p>Usage: {@code HybridSearchLoad corpus.jsonl queries.jsonl [threads 20] [queriesPerRound 4000] [cacheDir]}.
 * The built index is kept under {@code cacheDir/hybrid-index} and reused by the next run.
 */
public final class HybridSearchLoad {

  private static final int VARIANTS = 13;

  public static void main(String[] args) throws Exception {
    Path corpusFile = Path.of(args[0]);
    Path queryFile = Path.of(args[1]);
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int perRound = args.length > 3 ? Integer.parseInt(args[3]) : 4000;
    Path cacheDir = Path.of(args.length > 4 ? args[4] : "jingzhi-bench/target/retrieval-cache");
    VectorCache cache = new VectorCache(cacheDir);
    List<String> passages = EvalData.texts(corpusFile, "text");
    List<float[]> passageVectors = cache.vectors(EvalData.label(corpusFile), passages);
    List<String> queries = EvalData.texts(queryFile, "query");
    List<float[]> queryVectors = cache.vectors(EvalData.label(queryFile), queries);
    Map<String, float[]> byText = new HashMap<>();
    for (int i = 0; i < queries.size(); i++) {
      byText.put(queries.get(i).strip(), queryVectors.get(i));
    }

    Path indexDir = cacheDir.resolve("hybrid-index");
    try (LuceneKnowledgeIndex index = new LuceneKnowledgeIndex(indexDir, Duration.ofSeconds(30))) {
      long expected = (long) passages.size() * VARIANTS;
      if (index.count(1) != expected) {
        build(index, passages, passageVectors);
      }
      System.out.printf("index: %d chunks, %d dims; %d threads, %d queries per mode and round; cores %d%n",
          index.count(1), passageVectors.get(0).length, threads, perRound,
          Runtime.getRuntime().availableProcessors());
      Retriever retriever = new Retriever(index);
      RetrievalRequest.QueryEmbedder embedder = byText::get;
      Map<String, Function<String, RetrievalRequest>> modes = new java.util.LinkedHashMap<>();
      modes.put("fulltext", q -> RetrievalRequest.of(Set.of(1L), q, 10, embedder).withMode(Mode.FULLTEXT));
      modes.put("vector", q -> RetrievalRequest.of(Set.of(1L), q, 10, embedder).withMode(Mode.VECTOR));
      modes.put("hybrid", q -> RetrievalRequest.of(Set.of(1L), q, 10, embedder)
          .withFusion(Fusion.defaults()));
      for (int round = 0; round < 3; round++) {
        Map<String, Histogram> results = new java.util.LinkedHashMap<>();
        for (var m : modes.entrySet()) {
          results.put(m.getKey(), run(retriever, queries, m.getValue(), threads, round == 0 ? 1000 : perRound));
        }
        if (round == 0) {
          // Service time without queueing: one client, the same queries (what one query costs on this machine).
          for (var m : modes.entrySet()) {
            Histogram h = run(retriever, queries, m.getValue(), 1, 500);
            System.out.printf("1 thread %-8s n=%d p50 %.2f ms  p99 %.2f ms  mean %.2f ms%n", m.getKey(),
                h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getMean() / 1e3);
          }
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

  private static Histogram run(Retriever retriever, List<String> queries, Function<String, RetrievalRequest> how,
      int threads, int total) throws InterruptedException {
    Histogram all = new Histogram(60_000_000L, 3);
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(threads);
    List<Histogram> perThread = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Histogram h = new Histogram(60_000_000L, 3);
      perThread.add(h);
      Thread.ofPlatform().daemon().start(() -> {
        try {
          for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
            RetrievalRequest req = how.apply(queries.get(i % queries.size()));
            long s = System.nanoTime();
            retriever.retrieve(req);
            h.recordValue(Math.max(1, (System.nanoTime() - s) / 1000));
          }
        } finally {
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
