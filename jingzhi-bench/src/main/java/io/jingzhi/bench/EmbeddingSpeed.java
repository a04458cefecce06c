package io.jingzhi.bench;

import io.jingzhi.guard.api.embedding.BatchedBgeSmallZhEmbedder;
import io.jingzhi.guard.api.embedding.BgeSmallZhModel;
import io.jingzhi.guard.api.embedding.TextEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.ObjectMapper;

/**
 * Ingestion-style embedding speed of the in-process model variants, as ratios measured in one run: the same
 * knowledge-like chunk texts are embedded in calls of {@code callSize} texts (as the ingestor sends them) by each
 * variant in turn, round after round, so a busy machine slows all of them alike. Variants: fp32 with batches in the
 * caller's order (the baseline), fp32 with length-sorted batches, int8 with length-sorted batches. Also prints how
 * close the int8 vectors are to the fp32 ones. Usage: {@code java -cp … io.jingzhi.bench.EmbeddingSpeed
 * corpus.jsonl [texts=512] [rounds=3] [callSize=64]}.
 */
public final class EmbeddingSpeed {

  public static void main(String[] args) throws Exception {
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 512;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int callSize = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    List<String> texts = texts(Path.of(args[0]), count);
    Map<String, TextEmbedder> variants = new LinkedHashMap<>();
    variants.put("fp32-unsorted", new BatchedBgeSmallZhEmbedder(BgeSmallZhModel.FP32, 32, false));
    variants.put("fp32-sorted", new BatchedBgeSmallZhEmbedder(BgeSmallZhModel.FP32, 32, true));
    variants.put("int8-sorted", new BatchedBgeSmallZhEmbedder(BgeSmallZhModel.INT8, 32, true));
    List<String> warm = texts.subList(0, Math.min(32, texts.size()));
    variants.values().forEach(v -> v.embed(warm)); // load the models and let ONNX Runtime settle
    System.out.printf("%d texts, mean %d chars, calls of %d, %d cores, load %.1f%n", texts.size(),
        texts.stream().mapToInt(String::length).sum() / texts.size(), callSize,
        Runtime.getRuntime().availableProcessors(), load());
    agreement(variants.get("fp32-sorted"), variants.get("int8-sorted"), texts.subList(0, Math.min(48, count)));
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      for (Map.Entry<String, TextEmbedder> v : variants.entrySet()) {
        long start = System.nanoTime();
        for (int from = 0; from < texts.size(); from += callSize) {
          v.getValue().embed(texts.subList(from, Math.min(texts.size(), from + callSize)));
        }
        double took = (System.nanoTime() - start) / 1e9;
        seconds.merge(v.getKey(), took, Double::sum);
        System.out.printf("round %d %-14s %7.1f texts/s (load %.1f)%n", r + 1, v.getKey(), texts.size() / took,
            load());
      }
    }
    double base = seconds.get("fp32-unsorted");
    for (Map.Entry<String, Double> e : seconds.entrySet()) {
      System.out.printf("%-14s %7.1f texts/s over %d rounds, speed ×%.2f vs fp32-unsorted%n", e.getKey(),
          rounds * texts.size() / e.getValue(), rounds, base / e.getValue());
    }
    System.exit(0);
  }

  /** The first {@code count} passages after a fixed shuffle (mixed lengths, as chunks of several documents). */
  private static List<String> texts(Path corpus, int count) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> all = new ArrayList<>();
    for (String line : Files.readAllLines(corpus)) {
      if (!line.isBlank()) {
        all.add(json.readTree(line).get("text").asString());
      }
    }
    Collections.shuffle(all, new Random(5));
    return all.subList(0, Math.min(count, all.size()));
  }

  private static void agreement(TextEmbedder a, TextEmbedder b, List<String> texts) {
    List<float[]> x = a.embed(texts);
    List<float[]> y = b.embed(texts);
    double worst = 1;
    double sum = 0;
    for (int i = 0; i < texts.size(); i++) {
      double dot = 0;
      for (int k = 0; k < x.get(i).length; k++) {
        dot += x.get(i)[k] * y.get(i)[k];
      }
      worst = Math.min(worst, dot);
      sum += dot;
    }
    System.out.printf("cosine int8 vs fp32 over %d texts: mean %.4f, lowest %.4f%n", texts.size(),
        sum / texts.size(), worst);
  }

  private static double load() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
