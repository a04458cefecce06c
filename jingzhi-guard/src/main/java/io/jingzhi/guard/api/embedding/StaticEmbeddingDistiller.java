package io.jingzhi.guard.api.embedding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Distils the static embedding model {@value StaticBgeSmallZhEmbedder#MODEL_NAME} from bge-small-zh-v1.5 by the
 * Model2Vec method (Minish Lab, 2024): every vocabulary id goes through the fp32 transformer once as
 * {@code [CLS] token [SEP]} (batched), the mean of the three output vectors is the token's vector; PCA (centred,
 * top {@value #DIMENSIONS} components; the 512×512 eigen-decomposition by Apache Commons Math) reduces them; each
 * token is weighted SIF-style, {@code a / (a + p(token))} with {@code a} = {@value #SIF} and {@code p} the token's
 * smoothed frequency in the shipped counts ({@code guard/embedding/static/token-counts.tsv}, counted from the
 * cmrc2018 passages, see the NOTICE there). A text's vector is then the normalised sum of its tokens' rows
 * ({@link StaticBgeSmallZhEmbedder}).
 *
 * <p>Run by the Maven build of jingzhi-guard ({@code process-classes}, about a minute on 2 cores; skipped when the
 * table's recipe — this class's {@link #RECIPE} and the SHA-256 of the counts — is unchanged). Usage:
 * {@code StaticEmbeddingDistiller <table.bin>} builds the table; {@code StaticEmbeddingDistiller count <corpus.jsonl>
 * <token-counts.tsv>} recounts the token frequencies from a JSONL corpus ({@code text} fields).
 */
public final class StaticEmbeddingDistiller {

  /** Changes whenever the procedure changes, so an old table is rebuilt. */
  static final String RECIPE = "m2v/fp32/cls-tok-sep-mean/pca256-centred/sif3e-3-addone/fp16/v1";
  static final int DIMENSIONS = StaticBgeSmallZhEmbedder.DIMENSIONS;
  /**
   * SIF coefficient, chosen on the cmrc2018 trial split only (exact vector search, MRR@10): 1e-5 0.275, 1e-4 0.456
   * (Model2Vec's default), 5e-4 0.545, 1e-3 0.565, 3e-3 0.585, 1e-2 0.579, no weighting 0.550.
   */
  static final double SIF = 3e-3;
  static final String COUNTS_RESOURCE = "guard/embedding/static/token-counts.tsv";
  private static final int BATCH = 512;
  private static final long CLS = 101;
  private static final long SEP = 102;

  private StaticEmbeddingDistiller() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("count")) {
      count(Path.of(args[1]), Path.of(args[2]));
      return;
    }
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: StaticEmbeddingDistiller <table.bin> | count <corpus.jsonl> <out.tsv>");
    }
    Path out = Path.of(args[0]);
    String recipe = recipe();
    if (Files.exists(out)) {
      try (InputStream in = Files.newInputStream(out)) {
        if (recipe.equals(StaticEmbeddingTable.recipeOf(in))) {
          System.out.println("[static-embedding] table up to date (" + recipe.substring(recipe.length() - 12)
              + "), not distilled");
          return;
        }
      }
    }
    long t0 = System.nanoTime();
    StaticEmbeddingTable table = distil(Integer.MAX_VALUE);
    write(table, out);
    System.out.printf(Locale.ROOT, "[static-embedding] distilled %d tokens × %d dims in %.1f s into %s%n",
        table.vocab(), table.dims(), (System.nanoTime() - t0) / 1e9, out);
  }

  /** The recipe string a table made now would carry (procedure and counts). */
  static String recipe() {
    try (InputStream in = resource(COUNTS_RESOURCE)) {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
      return RECIPE + "/counts-" + HexFormat.of().formatHex(d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the table through a temporary file, so a reader never sees half a table. */
  static void write(StaticEmbeddingTable table, Path out) throws IOException {
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "static-embedding", ".tmp");
    try (OutputStream o = Files.newOutputStream(tmp)) {
      table.write(o);
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The table distilled from the first {@code maxTokens} vocabulary ids (all of them in the build; fewer in tests,
   * which then get a smaller, equally reproducible table).
   */
  static StaticEmbeddingTable distil(int maxTokens) {
    BgeSmallZhModel teacher = BgeSmallZhModel.FP32;
    try (HuggingFaceTokenizer tokenizer = tokenizer();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      int vocab = Math.min(maxTokens, StaticBgeSmallZhEmbedder.VOCABULARY);
      options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      byte[] onnx;
      try (InputStream in = resource(teacher.onnxResource())) {
        onnx = in.readAllBytes();
      }
      float[][] tokens = new float[vocab][];
      try (OrtSession session = env.createSession(onnx, options)) {
        boolean typeIds = session.getInputNames().contains("token_type_ids");
        for (int from = 0; from < vocab; from += BATCH) {
          int n = Math.min(BATCH, vocab - from);
          float[][] out = run(env, session, typeIds, from, n);
          System.arraycopy(out, 0, tokens, from, n);
        }
      }
      float[] rows = pca(tokens, Math.min(DIMENSIONS, vocab - 1));
      int dims = rows.length / vocab;
      double[] weights = sifWeights(vocab);
      for (int t = 0; t < vocab; t++) {
        for (int d = 0; d < dims; d++) {
          rows[t * dims + d] = (float) (rows[t * dims + d] * weights[t]);
        }
      }
      return new StaticEmbeddingTable(StaticBgeSmallZhEmbedder.MODEL_NAME, recipe(), vocab, dims, rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot run " + teacher.modelName() + " over its vocabulary", e);
    }
  }

  /** Mean of the outputs of {@code [CLS] id [SEP]} for ids {@code from .. from+n-1}. */
  private static float[][] run(OrtEnvironment env, OrtSession session, boolean typeIds, int from, int n)
      throws OrtException {
    long[] ids = new long[n * 3];
    long[] mask = new long[n * 3];
    for (int b = 0; b < n; b++) {
      ids[b * 3] = CLS;
      ids[b * 3 + 1] = from + b;
      ids[b * 3 + 2] = SEP;
    }
    Arrays.fill(mask, 1);
    long[] shape = {n, 3};
    try (OnnxTensor idsT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor typesT = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n * 3]), shape)) {
      Map<String, OnnxTensor> inputs = typeIds
          ? Map.of("input_ids", idsT, "attention_mask", maskT, "token_type_ids", typesT)
          : Map.of("input_ids", idsT, "attention_mask", maskT);
      try (OrtSession.Result result = session.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        float[][] out = new float[n][];
        for (int b = 0; b < n; b++) {
          int width = hidden[b][0].length;
          float[] mean = new float[width];
          for (float[] position : hidden[b]) {
            for (int d = 0; d < width; d++) {
              mean[d] += position[d] / 3f;
            }
          }
          out[b] = mean;
        }
        return out;
      }
    }
  }

  /**
   * Rows projected on the top {@code k} principal components (centred). The covariance is summed here (one pass,
   * the upper triangle); its eigen-decomposition is Commons Math's. Each component's sign is fixed (largest
   * coordinate positive), so the table does not depend on the solver's sign choice.
   */
  static float[] pca(float[][] x, int k) {
    int n = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    double[][] cov = new double[d][d];
    double[] c = new double[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        c[j] = row[j] - mean[j];
      }
      for (int i = 0; i < d; i++) {
        double ci = c[i];
        double[] covI = cov[i];
        for (int j = i; j < d; j++) {
          covI[j] += ci * c[j];
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        cov[i][j] /= (n - 1);
        cov[j][i] = cov[i][j];
      }
    }
    EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
    double[] values = eigen.getRealEigenvalues();
    Integer[] order = new Integer[d];
    for (int i = 0; i < d; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
    double[][] components = new double[k][];
    for (int p = 0; p < k; p++) {
      RealVector v = eigen.getEigenvector(order[p]);
      double[] comp = v.toArray();
      int largest = 0;
      for (int j = 1; j < d; j++) {
        if (Math.abs(comp[j]) > Math.abs(comp[largest])) {
          largest = j;
        }
      }
      if (comp[largest] < 0) {
        for (int j = 0; j < d; j++) {
          comp[j] = -comp[j];
        }
      }
      components[p] = comp;
    }
    float[] out = new float[n * k];
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < d; j++) {
        c[j] = x[t][j] - mean[j];
      }
      for (int p = 0; p < k; p++) {
        double s = 0;
        double[] comp = components[p];
        for (int j = 0; j < d; j++) {
          s += comp[j] * c[j];
        }
        out[t * k + p] = (float) s;
      }
    }
    return out;
  }

  /** {@code a / (a + p)} per id, {@code p} the add-one smoothed frequency of the id in the shipped counts. */
  static double[] sifWeights(int vocab) {
    long[] counts = new long[vocab];
    long total = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(resource(COUNTS_RESOURCE),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        int id = Integer.parseInt(line.substring(0, tab));
        long count = Long.parseLong(line.substring(tab + 1));
        total += count;
        if (id < vocab) {
          counts[id] = count;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int fullVocab = StaticBgeSmallZhEmbedder.VOCABULARY;
    double[] w = new double[vocab];
    for (int t = 0; t < vocab; t++) {
      double p = (counts[t] + 1.0) / (total + fullVocab);
      w[t] = SIF / (SIF + p);
    }
    return w;
  }

  /** Counts the bge token ids of the {@code text} fields of a JSONL corpus into {@code id\tcount} lines. */
  static void count(Path corpus, Path out) throws IOException {
    ObjectMapper json = new ObjectMapper();
    long[] counts = new long[StaticBgeSmallZhEmbedder.VOCABULARY];
    long texts = 0;
    try (HuggingFaceTokenizer tokenizer = tokenizer(); BufferedReader r = Files.newBufferedReader(corpus)) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode row = json.readTree(line);
        for (long id : tokenizer.encode(row.path("text").asString(""), false, false).getIds()) {
          counts[(int) id]++;
        }
        texts++;
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add("# bge-small-zh-v1.5 WordPiece token counts (id<TAB>count, ids never seen left out) of the `text`");
    lines.add("# fields of " + texts + " passages of " + corpus.getFileName() + "; see NOTICE.md (source, licence).");
    for (int id = 0; id < counts.length; id++) {
      if (counts[id] > 0) {
        lines.add(id + "\t" + counts[id]);
      }
    }
    Files.write(out, lines, StandardCharsets.UTF_8);
  }

  static HuggingFaceTokenizer tokenizer() throws IOException {
    try (InputStream tok = resource(BgeSmallZhModel.FP32.tokenizerResource())) {
      return HuggingFaceTokenizer.newInstance(tok, Map.of("padding", "false", "truncation", "false"));
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = StaticEmbeddingDistiller.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException(name + " not on the classpath");
    }
    return in;
  }
}
