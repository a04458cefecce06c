package io.jingzhi.guard.engine.semantic;

import io.jingzhi.guard.api.embedding.BatchedBgeSmallZhEmbedder;
import io.jingzhi.guard.api.embedding.BgeSmallZhEmbedder;
import io.jingzhi.guard.api.embedding.StaticBgeSmallZhEmbedder;
import io.jingzhi.guard.api.embedding.TextEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Trains the semantic classifier from the shipped {@code *.train.jsonl} files and writes {@code model.bin}; run by
 * the Maven build of jingzhi-guard ({@code process-classes}). Skips when the existing model was trained on the same
 * data (SHA-256 of the files and of {@link #RECIPE}). {@code jade_responses} trains the output head, every other
 * set the input head. Usage: {@code TrainSemanticClassifier <data dir> <model.bin>}.
 */
public final class TrainSemanticClassifier {

  /** Changes whenever the training procedure changes, so an old model is retrained. */
  static final String RECIPE = "ngram3-2^18+lr+knn5-stack/oof5/head512/normalised/w-sqrt-set/focus-v2/v3/tasks/"
      + "authored-v3/group-folds/cascade-set-miss0.03/set-fp0.05/mlp256-d0.3-e80/cls+mean/static-stack/focus-v3/"
      + "cal-excl-roleplay/mlp-seeds3/set-fp0.06/focus-help-knowledge-everyday/fp0.02-set0.05:"
      + StaticBgeSmallZhEmbedder.MODEL_NAME;
  static final String OUTPUT_SET = "jade_responses";
  /** Sets the guard must get right first (Chinese, political/discrimination, government): weighted up. */
  private static final Set<String> FOCUS = Set.of("jingzhi_should_refuse", "jailbench_seed", "gov_should_not_refuse",
      "cvalues", "jingzhi_should_refuse_v2", "gov_should_not_refuse_v2", "everyday_tasks", "jingzhi_should_refuse_v3",
      "gov_should_not_refuse_v3", "jingzhi_should_refuse_v4", "gov_should_not_refuse_v4", "roleplay_should_refuse",
      "roleplay_should_not_refuse", "documents_should_refuse", "documents_should_not_refuse", "help_should_refuse",
      "help_should_not_refuse", "knowledge_should_refuse", "knowledge_should_not_refuse", "everyday_should_refuse",
      "everyday_should_not_refuse");
  private static final double FOCUS_WEIGHT = 3;
  /** Negatives that teach the head but stay out of threshold calibration: everyday tasks (easy, they would pull the
   *  block threshold down) and the role-play, documents, help-seeking and knowledge rounds (hard: counted, their 5%
   *  cap pushed the threshold up and cost JADE 10 and authored v2 7 held-out rows — docs/guard-engine.md, "Round
   *  8"). */
  private static final Set<String> CALIBRATION_EXCLUDED = Set.of("everyday_tasks", "roleplay_should_not_refuse",
      "documents_should_not_refuse", "help_should_not_refuse", "knowledge_should_not_refuse");
  /** Neighbours per side in the kNN margin: 5 (measured 5-fold out-of-fold on the training data: +2-4 points of
   *  recall on the authored and JailBench sets against 10 at the same over-refusal; 20 was worse). */
  private static final int K = 5;
  private static final int FOLDS = 5;
  /** Out-of-fold over-refusal targets on Chinese should-not-refuse rows: block at 2% (3 points of margin under
   *  the standard's 5%), suspicious at 10%. 3% until round 9: with the help-seeking, knowledge and everyday rounds
   *  the out-of-fold rate ran a point under the held-out one (2.3% against 3.4%) and the threshold fell to 0.63. */
  static final double BLOCK_FALSE_POSITIVE = 0.02;
  static final double SUSPICIOUS_FALSE_POSITIVE = 0.10;
  /** And at most 5% of any one Chinese should-not-refuse set (CValues above all): the pooled rule alone let CValues
   *  reach 8% out of fold. 6% in round 8; in round 9 (threshold 0.76) 6% gave 0.63 and 4% 0.88, which cost 2.4 points
   *  of pooled held-out recall (docs/guard-engine.md, "Round 9"). */
  static final double SET_FALSE_POSITIVE = 0.05;
  /** The first stage escalates a window to the embedding when its n-gram logit is at least the value under which
   *  at most this share of each Chinese should-refuse set's rows the full head blocks (out-of-fold) fall. Per set:
   *  pooled, JADE and the wrappers (2,100 rows) set the point and the small semantic sets (JailBench seeds) were
   *  escalated only 83% out of fold; 1% per set escalated 27% of everyday tasks, 3% 20% (pooled 1%: 15%). */
  static final double ESCALATE_MISS = 0.03;
  /** Sets with fewer blocked rows than this do not set the escalation point (one row would be its minimum). */
  private static final int ESCALATE_MIN_ROWS = 20;
  /** The embedding's scorer (recipe v6): 256 hidden units, dropout 0.3, 80 epochs of Adam at 1e-3, l2 1e-4. Out of
   *  fold, against the linear regression it replaced (same stack and thresholds): JailBench seeds 65 → 69/77, authored
   *  v3 88 → 98/112, v2 244 → 253/286, JADE 1,317 → 1,330/1,361, CValues 10/215 both. */
  private static final long MLP_SEED = 11;
  private static final MlpTrainer MLP = new MlpTrainer(256, 1e-4, 80, 1e-3, 64, 0.3, MLP_SEED);
  /** Perceptrons per fit, differing only in their seed, averaged (round 8). */
  static final int ENSEMBLE = 3;
  /** First-stage trainer: l2 1e-6 (1e-5 and 1e-4 lost 4–30 points of out-of-fold recall), 20 epochs of Adam. */
  private static final SparseLogisticTrainer NGRAM_TRAINER = new SparseLogisticTrainer(1e-6, 20, 0.02, 32, 5);

  private TrainSemanticClassifier() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: TrainSemanticClassifier <data dir> <model.bin>");
    }
    Path dir = Path.of(args[0]);
    Path out = Path.of(args[1]);
    List<Path> files = TrainingRow.files(dir);
    String hash = hash(files);
    if (Files.exists(out) && hash.equals(existingHash(out))) {
      System.out.println("[semantic] model up to date (data " + hash.substring(0, 12) + "), not retrained");
      return;
    }
    long t0 = System.nanoTime();
    List<TrainingRow> input = new ArrayList<>();
    List<TrainingRow> output = new ArrayList<>();
    for (Path f : files) {
      for (TrainingRow r : TrainingRow.read(f)) {
        (r.set().equals(OUTPUT_SET) ? output : input).add(r);
      }
    }
    // Recipe v7: the perceptron reads the CLS vector and the mean of the token states (the kNN bank stays on the CLS
    // half). Out of fold with the v4 writing rows, against CLS alone: Chinese should-refuse +20 rows (JADE +5, seeds
    // +2, authored +4/+7/+3/+2), Chinese should-not-refuse +6 (gov +2, v2 +2, v4 +2), CValues 10/215 both.
    TextEmbedder embedder = BatchedBgeSmallZhEmbedder.withTokenMean();
    float[][] xi = embed(embedder, input);
    float[][] xo = embed(embedder, output);
    long t1 = System.nanoTime();
    SemanticHead inputHead = trainHead("input", input, xi);
    SemanticHead outputHead = trainHead("output", output, xo);
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream o = Files.newOutputStream(out)) {
      new SemanticModel(embedder.modelName(), hash, inputHead, outputHead).write(o);
    }
    System.out.printf(Locale.ROOT,
        "[semantic] trained on %d input + %d output rows: embedding %.1f s, fitting %.1f s%n", input.size(),
        output.size(), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
  }

  static float[][] embed(TextEmbedder embedder, List<TrainingRow> rows) {
    float[][] x = new float[rows.size()][];
    int batch = 256;
    for (int i = 0; i < rows.size(); i += batch) {
      List<String> texts = rows.subList(i, Math.min(rows.size(), i + batch)).stream()
          .map(r -> TextWindows.head(TextWindows.prepare(r.text()))).toList();
      List<float[]> v = embedder.embed(texts);
      for (int j = 0; j < v.size(); j++) {
        x[i + j] = v.get(j);
      }
    }
    return x;
  }

  static SemanticHead trainHead(String name, List<TrainingRow> rows, float[][] x) {
    int n = rows.size();
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      y[i] = rows.get(i).shouldRefuse();
    }
    double[] w = weights(rows);
    String[] texts = rows.stream().map(r -> TextWindows.head(TextWindows.prepare(r.text()))).toArray(String[]::new);
    NgramFeatures.Sparse[] xs = java.util.Arrays.stream(texts).map(NgramFeatures::of)
        .toArray(NgramFeatures.Sparse[]::new);
    double[][] sd = toDouble(new StaticBgeSmallZhEmbedder().embed(List.of(texts)).toArray(float[][]::new));
    LogisticTrainer lr = new LogisticTrainer(1e-4, 60, 3e-3, 64, 7);
    int[] fold = folds(rows);
    // The perceptrons of the folds and of the whole set are the slow part (≈ 1 TFLOP per member): fitted side by
    // side, ENSEMBLE seeds per fold, each fold's members averaged into one wider perceptron.
    Mlp[] members = java.util.stream.IntStream.range(0, (FOLDS + 1) * ENSEMBLE).parallel().mapToObj(t -> {
      int f = t / ENSEMBLE;
      List<Integer> in = java.util.stream.IntStream.range(0, n).filter(i -> fold[i] != f).boxed().toList();
      return MLP.withSeed(MLP_SEED + t % ENSEMBLE)
          .fit(in.stream().map(i -> x[i]).toArray(float[][]::new), select(y, in), select(w, in));
    }).toArray(Mlp[]::new);
    Mlp[] mlps = java.util.stream.IntStream.rangeClosed(0, FOLDS)
        .mapToObj(f -> Mlp.average(List.of(members).subList(f * ENSEMBLE, (f + 1) * ENSEMBLE))).toArray(Mlp[]::new);
    double[] oofNgram = new double[n];
    double[] oofLr = new double[n];
    double[] oofKnn = new double[n];
    double[] oofStatic = new double[n];
    for (int f = 0; f < FOLDS; f++) {
      List<Integer> in = new ArrayList<>();
      List<Integer> held = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        (fold[i] == f ? held : in).add(i);
      }
      NgramStage stage = ngramStage(in.stream().map(i -> xs[i]).toArray(NgramFeatures.Sparse[]::new),
          select(y, in), select(w, in), Double.NEGATIVE_INFINITY);
      double[] ps = lr.fit(select(sd, in), select(y, in), select(w, in));
      float[][] bank = in.stream().map(i -> cls(x[i])).toArray(float[][]::new);
      boolean[] bankY = select(y, in);
      Exemplars ex = new Exemplars(bank, bankY, new String[0], new String[0]);
      for (int i : held) {
        oofNgram[i] = stage.logit(texts[i]);
        oofLr[i] = mlps[f].logit(x[i]);
        oofKnn[i] = Exemplars.margin(ex.similarities(x[i]), bankY, K, -1);
        oofStatic[i] = LogisticTrainer.logit(ps, sd[i]);
      }
    }
    double[][] stackX = new double[n][];
    for (int i = 0; i < n; i++) {
      stackX[i] = new double[] {oofNgram[i], oofLr[i], SemanticHead.KNN_SCALE * oofKnn[i], oofStatic[i]};
    }
    double[] s = new LogisticTrainer(0, 50, 1e-2, 64, 13).fit(stackX, y, w);
    double[] prob = new double[n];
    for (int i = 0; i < n; i++) {
      prob[i] = Vectors.sigmoid(LogisticTrainer.logit(s, stackX[i]));
    }
    double[] negatives = java.util.stream.IntStream.range(0, n)
        .filter(i -> !y[i] && !"en".equals(rows.get(i).lang()) && !CALIBRATION_EXCLUDED.contains(rows.get(i).set()))
        .mapToDouble(i -> prob[i]).sorted().toArray();
    double block = quantileAbove(negatives, BLOCK_FALSE_POSITIVE);
    for (String set : rows.stream().filter(r -> !r.shouldRefuse() && !"en".equals(r.lang())
        && !CALIBRATION_EXCLUDED.contains(r.set())).map(TrainingRow::set).distinct().toList()) {
      double[] ofSet = java.util.stream.IntStream.range(0, n).filter(i -> !y[i] && rows.get(i).set().equals(set))
          .mapToDouble(i -> prob[i]).sorted().toArray();
      block = Math.max(block, quantileAbove(ofSet, SET_FALSE_POSITIVE));
    }
    double blockAt = block;
    double suspicious = Math.min(block, quantileAbove(negatives, SUSPICIOUS_FALSE_POSITIVE));
    double escalate = escalationPoint(rows, prob, blockAt, oofNgram);
    boolean[] cued = new boolean[n];
    for (int i = 0; i < n; i++) {
      cued[i] = "input".equals(name) && SemanticClassifier.cueOf(texts[i]) != null;
    }
    report(name, rows, y, prob, block, suspicious, oofNgram, escalate, cued);
    dumpOutOfFold(name, rows, prob, oofNgram, block, suspicious, escalate, cued);
    dumpFeatures(name, rows, fold, stackX, x, sd);
    NgramStage stage = ngramStage(xs, y, w, escalate);
    Exemplars ex = new Exemplars(java.util.Arrays.stream(x).map(TrainSemanticClassifier::cls).toArray(float[][]::new),
        y, rows.stream().map(TrainingRow::riskType).toArray(String[]::new),
        rows.stream().map(TrainingRow::label).toArray(String[]::new));
    double[] ps = lr.fit(sd, y, w);
    float[] staticWeights = new float[ps.length - 1];
    for (int j = 0; j < staticWeights.length; j++) {
      staticWeights[j] = (float) ps[j];
    }
    return new SemanticHead(stage, new float[0], 0, s[0], s[1], s[2], s[4], K, block, suspicious, ex,
        new StaticStage(staticWeights, ps[ps.length - 1], s[3]), mlps[FOLDS]);
  }

  /**
   * Cross-validation folds by group ({@link TrainingRow#group}): rows drawn at random let a jailbreak wrapper in the
   * training folds carry its seed question into the held-out fold, so the seeds read 90% out of fold and 58% on the
   * held-out split (which keeps a seed and its wrappers together).
   */
  static int[] folds(List<TrainingRow> rows) {
    int[] fold = new int[rows.size()];
    for (int i = 0; i < fold.length; i++) {
      fold[i] = Math.floorMod(rows.get(i).group().hashCode() * 0x9E3779B1, FOLDS);
    }
    return fold;
  }

  /** The lowest first-stage logit that keeps {@link #ESCALATE_MISS} of every Chinese should-refuse set's blocked
   *  rows (out of fold) escalated. */
  static double escalationPoint(List<TrainingRow> rows, double[] prob, double block, double[] ngramLogit) {
    java.util.Map<String, List<Double>> caught = new java.util.TreeMap<>();
    for (int i = 0; i < rows.size(); i++) {
      TrainingRow r = rows.get(i);
      if (r.shouldRefuse() && prob[i] >= block && !"en".equals(r.lang())) {
        caught.computeIfAbsent(r.set(), k -> new ArrayList<>()).add(ngramLogit[i]);
      }
    }
    double point = Double.POSITIVE_INFINITY;
    for (List<Double> logits : caught.values()) {
      if (logits.size() >= ESCALATE_MIN_ROWS) {
        double[] sorted = logits.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        point = Math.min(point, sorted[(int) Math.floor(ESCALATE_MISS * sorted.length)]);
      }
    }
    return point == Double.POSITIVE_INFINITY ? Double.NEGATIVE_INFINITY : point;
  }

  private static NgramStage ngramStage(NgramFeatures.Sparse[] x, boolean[] y, double[] w, double escalate) {
    double[] p = NGRAM_TRAINER.fit(x, y, w, NgramFeatures.DIM);
    float[] weights = new float[NgramFeatures.DIM];
    for (int j = 0; j < weights.length; j++) {
      weights[j] = (float) p[j];
    }
    return new NgramStage(weights, p[NgramFeatures.DIM], escalate);
  }

  /** The smallest threshold that leaves at most {@code rate} of the sorted negatives at or above it. */
  static double quantileAbove(double[] sortedNegatives, double rate) {
    if (sortedNegatives.length == 0) {
      return 0.5;
    }
    int allowed = (int) Math.floor(rate * sortedNegatives.length);
    int idx = sortedNegatives.length - allowed - 1;
    return Math.nextUp(sortedNegatives[Math.max(0, idx)]);
  }

  /** Each set weighs by the square root of its size (a big set does not drown the small ones), focus sets ×3;
   *  then both classes are scaled to the same total. */
  static double[] weights(List<TrainingRow> rows) {
    java.util.Map<String, Long> sizes = rows.stream()
        .collect(java.util.stream.Collectors.groupingBy(TrainingRow::set, java.util.stream.Collectors.counting()));
    double[] w = new double[rows.size()];
    double pos = 0;
    double neg = 0;
    for (int i = 0; i < w.length; i++) {
      TrainingRow r = rows.get(i);
      w[i] = (FOCUS.contains(r.set()) ? FOCUS_WEIGHT : 1) / Math.sqrt(sizes.get(r.set()));
      if (r.shouldRefuse()) {
        pos += w[i];
      } else {
        neg += w[i];
      }
    }
    for (int i = 0; i < w.length; i++) {
      w[i] *= w.length / 2.0 / (rows.get(i).shouldRefuse() ? pos : neg);
    }
    return w;
  }

  private static void report(String name, List<TrainingRow> rows, boolean[] y, double[] prob, double block,
      double suspicious, double[] ngram, double escalate, boolean[] cued) {
    java.util.Map<String, int[]> bySet = new java.util.TreeMap<>();
    for (int i = 0; i < y.length; i++) {
      int[] c = bySet.computeIfAbsent(rows.get(i).set() + (y[i] ? " refuse" : " answer"), k -> new int[5]);
      boolean byNgram = ngram[i] >= escalate;
      c[0] += byNgram && prob[i] >= block || cued[i] && prob[i] >= suspicious ? 1 : 0;
      c[1] += byNgram || cued[i] ? 1 : 0;
      c[2]++;
      c[3] += byNgram && prob[i] >= block ? 1 : 0;
      c[4] += byNgram ? 1 : 0;
    }
    System.out.printf(Locale.ROOT, "[semantic] %s head: block >= %.4f, suspicious >= %.4f, escalate n-gram logit >= "
        + "%.3f; out-of-fold blocked (escalated to the embedding) [without the stance cues]:%n", name, block,
        suspicious, escalate);
    bySet.forEach((k, c) -> System.out.printf(Locale.ROOT,
        "[semantic]   %-36s %4d / %4d = %5.1f%% (%5.1f%%) [%5.1f%% (%5.1f%%)]%n", k, c[0], c[2], 100.0 * c[0] / c[2],
        100.0 * c[1] / c[2], 100.0 * c[3] / c[2], 100.0 * c[4] / c[2]));
  }

  /** With {@code -Dguard.semantic.oof=<dir>}: the out-of-fold scores of every row as TSV, for designing gates and
   *  rules on training rows only (never on held-out ones). */
  private static void dumpOutOfFold(String name, List<TrainingRow> rows, double[] prob, double[] ngram, double block,
      double suspicious, double escalate, boolean[] cued) {
    String dir = System.getProperty("guard.semantic.oof");
    if (dir == null) {
      return;
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "#block\t%.6f\tsuspicious\t%.6f\tescalate\t%.6f%n",
        block, suspicious, escalate));
    for (int i = 0; i < rows.size(); i++) {
      TrainingRow r = rows.get(i);
      sb.append(String.format(Locale.ROOT, "%s\t%s\t%s\t%.6f\t%.6f\t%s\t%s%n", r.set(), r.shouldRefuse(), r.lang(),
          prob[i], ngram[i], cued[i], r.text().replaceAll("\\s+", " ")));
    }
    try {
      Files.createDirectories(Path.of(dir));
      Files.writeString(Path.of(dir, "oof-" + name + ".tsv"), sb);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** With {@code -Dguard.semantic.oof=<dir>}: each row's fold and out-of-fold stacker inputs (TSV) and its bge and
   *  static vectors (raw little-endian float32, rows in TSV order), for trying second stages on training rows. */
  private static void dumpFeatures(String name, List<TrainingRow> rows, int[] fold, double[][] stackX, float[][] x,
      double[][] sd) {
    String dir = System.getProperty("guard.semantic.oof");
    if (dir == null) {
      return;
    }
    StringBuilder sb = new StringBuilder("set\trefuse\tlang\tfold\tngram\tlr\tknn\tstatic\tid\n");
    for (int i = 0; i < rows.size(); i++) {
      TrainingRow r = rows.get(i);
      sb.append(String.format(Locale.ROOT, "%s\t%s\t%s\t%d\t%.6f\t%.6f\t%.6f\t%.6f\t%s%n", r.set(),
          r.shouldRefuse(), r.lang(), fold[i], stackX[i][0], stackX[i][1], stackX[i][2], stackX[i][3], r.id()));
    }
    java.nio.ByteBuffer bge = java.nio.ByteBuffer.allocate(rows.size() * x[0].length * 4)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    java.nio.ByteBuffer st = java.nio.ByteBuffer.allocate(rows.size() * sd[0].length * 4)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < rows.size(); i++) {
      for (float f : x[i]) {
        bge.putFloat(f);
      }
      for (double d : sd[i]) {
        st.putFloat((float) d);
      }
    }
    try {
      Files.writeString(Path.of(dir, "features-" + name + ".tsv"), sb);
      Files.write(Path.of(dir, "bge-" + name + ".f32"), bge.array());
      Files.write(Path.of(dir, "static-" + name + ".f32"), st.array());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String hash(List<Path> files) throws IOException, NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(RECIPE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (Path f : files) {
      sha.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      sha.update(Files.readAllBytes(f));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String existingHash(Path model) {
    try (InputStream in = Files.newInputStream(model)) {
      return SemanticModel.read(in).dataHash();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** The CLS half of a vector (the exemplar bank's space; the perceptron reads it with the token mean). */
  static float[] cls(float[] v) {
    return v.length > BgeSmallZhEmbedder.DIMENSIONS ? java.util.Arrays.copyOf(v, BgeSmallZhEmbedder.DIMENSIONS) : v;
  }

  private static double[][] toDouble(float[][] x) {
    double[][] d = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      d[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        d[i][j] = x[i][j];
      }
    }
    return d;
  }

  private static double[][] select(double[][] a, List<Integer> idx) {
    return idx.stream().map(i -> a[i]).toArray(double[][]::new);
  }

  private static double[] select(double[] a, List<Integer> idx) {
    return idx.stream().mapToDouble(i -> a[i]).toArray();
  }

  private static boolean[] select(boolean[] a, List<Integer> idx) {
    boolean[] out = new boolean[idx.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a[idx.get(i)];
    }
    return out;
  }
}
