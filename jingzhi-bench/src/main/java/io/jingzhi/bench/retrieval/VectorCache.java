package io.jingzhi.bench.retrieval;

import io.jingzhi.guard.api.embedding.BatchedBgeSmallZhEmbedder;
import io.jingzhi.guard.api.embedding.BgeSmallZhModel;
import io.jingzhi.guard.api.embedding.TextEmbedder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Embeddings of a list of texts with the in-process bge-small-zh-v1.5 (or another embedder), cached in a file named by
 * the model and the SHA-256 of the texts, so a rerun of the evaluation or the benchmark on the same corpus does not spend minutes embedding again.
 * Usage as a program (to warm the cache in the background): {@code VectorCache cacheDir file.jsonl field...}.
 */
public final class VectorCache {

  private final Path dir;
  private final TextEmbedder embedder;

  public VectorCache(Path dir, TextEmbedder embedder) {
    this.dir = dir;
    this.embedder = embedder;
  }

  public VectorCache(Path dir) {
    this(dir, new BatchedBgeSmallZhEmbedder(16));
  }

  /** The vectors of {@code texts}, in order: read from the cache, or embedded (batches of 256, progress on stderr). */
  public List<float[]> vectors(String label, List<String> texts) throws IOException {
    // fp32 files keep their old names (caches already built stay valid); another model's carry its name.
    String model = embedder.modelName().equals(BgeSmallZhModel.FP32.modelName()) ? "" : "-" + embedder.modelName();
    Path file = dir.resolve(label + model + "-" + digest(texts).substring(0, 16) + ".vec");
    if (Files.exists(file)) {
      return read(file, texts.size());
    }
    List<float[]> out = new ArrayList<>(texts.size());
    long start = System.nanoTime();
    for (int from = 0; from < texts.size(); from += 256) {
      out.addAll(embedder.embed(texts.subList(from, Math.min(texts.size(), from + 256))));
      System.err.printf("%s: embedded %d/%d in %.0f s%n", label, out.size(), texts.size(),
          (System.nanoTime() - start) / 1e9);
    }
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      o.writeInt(out.size());
      o.writeInt(out.isEmpty() ? 0 : out.get(0).length);
      for (float[] v : out) {
        for (float x : v) {
          o.writeFloat(x);
        }
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return out;
  }

  private static List<float[]> read(Path file, int expected) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      int n = in.readInt();
      int dim = in.readInt();
      if (n != expected) {
        throw new IOException(file + " holds " + n + " vectors, expected " + expected);
      }
      List<float[]> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        float[] v = new float[dim];
        for (int k = 0; k < dim; k++) {
          v[k] = in.readFloat();
        }
        out.add(v);
      }
      return out;
    }
  }

  private static String digest(List<String> texts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String t : texts) {
        md.update(t.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) throws IOException {
    VectorCache cache = new VectorCache(Path.of(args[0]));
    for (int i = 1; i + 1 < args.length; i += 2) {
      Path file = Path.of(args[i]);
      cache.vectors(EvalData.label(file), EvalData.texts(file, args[i + 1]));
    }
    System.exit(0);
  }
}
