package io.jingzhi.bench;

import io.jingzhi.guard.api.embedding.BatchedBgeSmallZhEmbedder;
import io.jingzhi.guard.api.embedding.BgeSmallZhEmbedder;
import io.jingzhi.guard.api.embedding.MicroBatchingEmbedder;
import io.jingzhi.guard.api.embedding.TextEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import tools.jackson.databind.ObjectMapper;

/**
 * Embedding throughput and latency with N concurrent callers, each embedding one distinct text per call (the guard's
 * case: one window per check), unbatched (langchain4j one ONNX run per text, at most cores at once, like the
 * gateway's InProcessEmbeddings) against micro-batched (MicroBatchingEmbedder over BatchedBgeSmallZhEmbedder), in the
 * same JVM and run. Usage: {@code java -cp jingzhi-benchmarks.jar io.jingzhi.bench.EmbeddingBatchLoad
 * seconds concurrency[,concurrency…] file.jsonl…}
 */
public final class EmbeddingBatchLoad {

  public static void main(String[] args) throws Exception {
    int seconds = Integer.parseInt(args[0]);
    List<Integer> levels = java.util.Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList();
    List<String> texts = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (int i = 2; i < args.length; i++) {
      for (String line : Files.readAllLines(Path.of(args[i]))) {
        if (!line.isBlank()) {
          String t = json.readTree(line).get("text").asString();
          texts.add(t.length() > 512 ? t.substring(0, 512) : t);
        }
      }
    }
    int cores = Runtime.getRuntime().availableProcessors();
    BgeSmallZhEmbedder plain = new BgeSmallZhEmbedder();
    Semaphore slots = new Semaphore(cores);
    TextEmbedder unbatched = t -> {
      slots.acquireUninterruptibly();
      try {
        return plain.embed(t);
      } finally {
        slots.release();
      }
    };
    BatchedBgeSmallZhEmbedder batchedModel = new BatchedBgeSmallZhEmbedder(32);
    MicroBatchingEmbedder batched = new MicroBatchingEmbedder(batchedModel, 32, Duration.ofMillis(1), 1);
    MicroBatchingEmbedder batchedNoWait = new MicroBatchingEmbedder(batchedModel, 32, Duration.ZERO, 1);
    // Agreement of the two paths on the first 200 texts.
    double worst = 1;
    List<String> sample = texts.subList(0, Math.min(200, texts.size()));
    List<float[]> a = plain.embed(sample);
    List<float[]> b = batchedModel.embed(sample);
    for (int i = 0; i < sample.size(); i++) {
      double dot = 0;
      for (int k = 0; k < a.get(i).length; k++) {
        dot += a.get(i)[k] * b.get(i)[k];
      }
      worst = Math.min(worst, dot);
    }
    System.out.printf("texts %d, mean %d chars; cores %d; lowest cosine batched vs langchain4j over %d: %.6f%n",
        texts.size(), texts.stream().mapToInt(String::length).sum() / texts.size(), cores, sample.size(), worst);
    for (int round = 0; round < 2; round++) {
      for (int level : levels) {
        run("unbatched", unbatched, texts, level, seconds);
        run("batch1ms", batched, texts, level, seconds);
        run("batch0ms", batchedNoWait, texts, level, seconds);
      }
    }
    batched.close();
    System.exit(0);
  }

  private static void run(String mode, TextEmbedder embedder, List<String> texts, int threads, int seconds)
      throws InterruptedException {
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long[] cpu = new long[2];
    ConcurrentHistogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
    AtomicInteger next = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    long warmupEnd = System.nanoTime() + 2_000_000_000L;
    long end = warmupEnd + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(Thread.ofPlatform().start(() -> {
        while (true) {
          long now = System.nanoTime();
          if (now >= end) {
            return;
          }
          String text = texts.get(Math.floorMod(next.getAndIncrement(), texts.size()));
          embedder.embed(List.of(text));
          long took = System.nanoTime() - now;
          if (now >= warmupEnd) {
            latency.recordValue(took / 1000);
            done.incrementAndGet();
          }
        }
      }));
    }
    Thread.sleep(Math.max(0, (warmupEnd - System.nanoTime()) / 1_000_000));
    cpu[0] = os.getProcessCpuTime();
    for (Thread w : workers) {
      w.join();
    }
    cpu[1] = os.getProcessCpuTime();
    System.out.printf("%-9s callers %3d: %7.1f texts/s, %6.1f texts per CPU-second, latency p50 %8.1f ms, p99 %8.1f"
        + " ms (%d calls), load %.1f%n", mode, threads, done.get() / (double) seconds,
        done.get() / ((cpu[1] - cpu[0]) / 1e9), latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0, done.get(), os.getSystemLoadAverage());
  }
}
