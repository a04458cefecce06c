package io.jingzhi.guard.api.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * bge-small-zh-v1.5 with real batching: the texts of one call go through ONNX Runtime as padded batches (one
 * {@code session.run} per batch of similar lengths) instead of one run per text as langchain4j's
 * {@code embedAll} does. Same model file and tokenizer as {@link BgeSmallZhEmbedder} (the jar's), CLS pooling and L2
 * normalisation as there, so the vectors agree with it (cosine ≥ 0.9999, tested); a text longer than 510 tokens,
 * which langchain4j splits and averages, is handed to {@link BgeSmallZhEmbedder}. The texts of a call are sorted by
 * token count before they are cut into batches (a batch pads to its longest text, so mixing a 20-token question
 * with a 500-token passage would cost 25 times the work for the short one) and the vectors come back in the
 * caller's order. Either build of the model ({@link BgeSmallZhModel}); fp32 by default. Loads on first use;
 * thread-safe.
 */
public final class BatchedBgeSmallZhEmbedder implements TextEmbedder {

  private static final int MAX_TOKENS = 512;

  /**
   * What a text's vector is made of: the CLS token's final state (the model's own pooling, what {@code /v1/embeddings}
   * serves), or that followed by the mean of all its tokens' final states, each half L2-normalised (1,024 dimensions;
   * the guard's classifier reads both; served under the model's name with {@value #TOKEN_MEAN_SUFFIX} appended).
   */
  public enum Pooling { CLS, CLS_AND_MEAN }

  /** Appended to the model's name when the vectors carry the token mean ({@link Pooling#CLS_AND_MEAN}). */
  public static final String TOKEN_MEAN_SUFFIX = "+mean";

  private final BgeSmallZhModel build;
  private final Pooling pooling;
  private final int maxBatch;
  private final boolean sortByLength;
  private final BgeSmallZhEmbedder longTexts;
  private volatile Model model;

  private record Model(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer, boolean typeIds) {}

  /** {@code maxBatch}: at most this many texts in one ONNX run (larger calls run several). */
  public BatchedBgeSmallZhEmbedder(int maxBatch) {
    this(BgeSmallZhModel.FP32, maxBatch);
  }

  /** {@code build} of the model, batches of at most {@code maxBatch} texts sorted by length. */
  public BatchedBgeSmallZhEmbedder(BgeSmallZhModel build, int maxBatch) {
    this(build, maxBatch, true);
  }

  /**
   * {@code sortByLength} false keeps the caller's order in the batches (more padding); only the speed benchmark
   * wants that, as the baseline the sorting is measured against.
   */
  public BatchedBgeSmallZhEmbedder(BgeSmallZhModel build, int maxBatch, boolean sortByLength) {
    this(build, Pooling.CLS, maxBatch, sortByLength);
  }

  /** {@code pooling}: what each vector is made of ({@link Pooling}). */
  public BatchedBgeSmallZhEmbedder(BgeSmallZhModel build, Pooling pooling, int maxBatch, boolean sortByLength) {
    this.build = build;
    this.pooling = pooling;
    this.maxBatch = Math.max(1, maxBatch);
    this.sortByLength = sortByLength;
    this.longTexts = new BgeSmallZhEmbedder(build);
  }

  public BatchedBgeSmallZhEmbedder() {
    this(32);
  }

  /** The guard classifier's vectors: fp32, CLS and token mean ({@link Pooling#CLS_AND_MEAN}), batches of 32. */
  public static BatchedBgeSmallZhEmbedder withTokenMean() {
    return new BatchedBgeSmallZhEmbedder(BgeSmallZhModel.FP32, Pooling.CLS_AND_MEAN, 32, true);
  }

  @Override
  public String modelName() {
    return pooling == Pooling.CLS_AND_MEAN ? build.modelName() + TOKEN_MEAN_SUFFIX : build.modelName();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    Model m = model();
    float[][] out = new float[texts.size()][];
    List<Integer> order = new ArrayList<>();
    Tokens[] encodings = new Tokens[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      Encoding e = texts.get(i).isBlank() ? null : m.tokenizer().encode(texts.get(i), true, false);
      if (e == null || e.getIds().length > MAX_TOKENS) { // langchain4j's own handling (split, or refuse blank)
        out[i] = longTexts.embed(List.of(texts.get(i))).get(0);
        if (e != null && pooling == Pooling.CLS_AND_MEAN) { // the mean half from the first 512 tokens
          float[] first = run(m, List.of(Tokens.of(e).truncated()), pooling)[0];
          out[i] = concat(out[i], Arrays.copyOfRange(first, BgeSmallZhEmbedder.DIMENSIONS, first.length));
        }
      } else {
        encodings[i] = Tokens.of(e);
        order.add(i);
      }
    }
    // Similar lengths together, so a batch pads little.
    if (sortByLength) {
      order.sort(Comparator.comparingInt(i -> encodings[i].length()));
    }
    for (int from = 0; from < order.size(); from += maxBatch) {
      List<Integer> batch = order.subList(from, Math.min(order.size(), from + maxBatch));
      float[][] vectors = run(m, batch.stream().map(i -> encodings[i]).toList(), pooling);
      for (int k = 0; k < batch.size(); k++) {
        out[batch.get(k)] = vectors[k];
      }
    }
    return Arrays.asList(out);
  }

  /** A text's token ids, attention mask and token types, as the model takes them. */
  private record Tokens(long[] ids, long[] mask, long[] types) {
    static Tokens of(Encoding e) {
      return new Tokens(e.getIds(), e.getAttentionMask(), e.getTypeIds());
    }

    int length() {
      return ids.length;
    }

    /** The first {@value #MAX_TOKENS} tokens, the final [SEP] kept. */
    Tokens truncated() {
      long[] first = Arrays.copyOf(ids, MAX_TOKENS);
      first[MAX_TOKENS - 1] = ids[ids.length - 1];
      return new Tokens(first, Arrays.copyOf(mask, MAX_TOKENS), Arrays.copyOf(types, MAX_TOKENS));
    }
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static float[][] run(Model m, List<Tokens> batch, Pooling pooling) {
    int n = batch.size();
    int len = batch.stream().mapToInt(Tokens::length).max().orElse(0);
    long[] ids = new long[n * len];
    long[] mask = new long[n * len];
    long[] types = new long[n * len];
    for (int b = 0; b < n; b++) {
      Tokens e = batch.get(b);
      System.arraycopy(e.ids(), 0, ids, b * len, e.length());
      System.arraycopy(e.mask(), 0, mask, b * len, e.length());
      System.arraycopy(e.types(), 0, types, b * len, e.length());
    }
    long[] shape = {n, len};
    try (OnnxTensor idsT = OnnxTensor.createTensor(m.env(), LongBuffer.wrap(ids), shape);
        OnnxTensor maskT = OnnxTensor.createTensor(m.env(), LongBuffer.wrap(mask), shape);
        OnnxTensor typesT = OnnxTensor.createTensor(m.env(), LongBuffer.wrap(types), shape)) {
      Map<String, OnnxTensor> inputs = m.typeIds()
          ? Map.of("input_ids", idsT, "attention_mask", maskT, "token_type_ids", typesT)
          : Map.of("input_ids", idsT, "attention_mask", maskT);
      try (OrtSession.Result result = m.session().run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        float[][] out = new float[n][];
        for (int b = 0; b < n; b++) {
          out[b] = TextEmbedder.normalise(hidden[b][0]); // CLS pooling, as langchain4j does for this model
          if (pooling == Pooling.CLS_AND_MEAN) {
            out[b] = concat(out[b], TextEmbedder.normalise(mean(hidden[b], batch.get(b).length())));
          }
        }
        return out;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on a batch of " + n, e);
    }
  }

  /** The mean of the first {@code tokens} rows (the text's own tokens, [CLS] and [SEP] included; not the padding). */
  private static float[] mean(float[][] states, int tokens) {
    float[] sum = new float[states[0].length];
    for (int t = 0; t < tokens; t++) {
      for (int j = 0; j < sum.length; j++) {
        sum[j] += states[t][j];
      }
    }
    for (int j = 0; j < sum.length; j++) {
      sum[j] /= tokens;
    }
    return sum;
  }

  private Model model() {
    Model m = model;
    if (m == null) {
      synchronized (this) {
        if (model == null) {
          model = load(build);
        }
        m = model;
      }
    }
    return m;
  }

  private static Model load(BgeSmallZhModel build) {
    ClassLoader loader = BatchedBgeSmallZhEmbedder.class.getClassLoader();
    try (InputStream onnx = loader.getResourceAsStream(build.onnxResource());
        InputStream tok = loader.getResourceAsStream(build.tokenizerResource());
        OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      if (onnx == null || tok == null) {
        throw new IllegalStateException(build.modelName() + " model or tokenizer not on the classpath");
      }
      // One run at a time per model (the micro-batcher's single worker), so the run may use every core; the
      // operators of a BERT graph depend on each other, so parallel execution mode would gain nothing.
      options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession session = env.createSession(onnx.readAllBytes(), options);
      HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tok, Map.of("padding", "false",
          "truncation", "false"));
      return new Model(env, session, tokenizer, session.getInputNames().contains("token_type_ids"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load " + build.modelName(), e);
    }
  }
}
