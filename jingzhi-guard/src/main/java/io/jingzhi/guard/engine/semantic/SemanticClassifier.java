package io.jingzhi.guard.engine.semantic;

import io.jingzhi.guard.api.embedding.StaticBgeSmallZhEmbedder;
import io.jingzhi.guard.api.embedding.TextEmbedder;
import io.jingzhi.guard.engine.Direction;
import io.jingzhi.guard.engine.decode.Normalizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The semantic risk classifier: scores every window of a text (its head and, for long texts, every chunk) with the
 * cheap n-gram first stage of the head of the text's direction, embeds only the windows that stage escalates, scores
 * them with the full head and reports the riskiest one.
 * Built from the model trained at build time; {@link #load} returns empty — and logs why — when the model is
 * missing, unreadable or trained with another embedding model, so the guard then runs on its rules alone.
 * Thread-safe when the embedder is.
 *
 * <p>With {@code cacheEntries > 0} the scores of recently seen windows are kept in an LRU keyed by direction and
 * normalised window text: a repeated prompt then costs neither the embedding nor the kNN scan over the exemplar
 * bank (thousands of 512-dimension dot products, ~1–4 ms of CPU a window on a small machine). Scoring is
 * deterministic, so a hit gives exactly what scoring again would.
 */
public final class SemanticClassifier {

  private static final Logger log = Logger.getLogger(SemanticClassifier.class.getName());
  /** Chunks of a long text embedded besides its head (cost grows linearly with it). */
  public static final int DEFAULT_EXTRA_WINDOWS = 6;
  private static final int EXPLAIN = 3;

  private final SemanticModel model;
  private final TextEmbedder embedder;
  private final int extraWindows;
  private final Map<WindowKey, SemanticHead.Scored> scores;
  private final TextEmbedder staticEmbedder;

  private record WindowKey(Direction direction, String window) {}

  public SemanticClassifier(SemanticModel model, TextEmbedder embedder, int extraWindows) {
    this(model, embedder, extraWindows, 0);
  }

  /** @param cacheEntries how many scored windows to remember (LRU); 0 remembers none */
  public SemanticClassifier(SemanticModel model, TextEmbedder embedder, int extraWindows, int cacheEntries) {
    this(model, embedder, new StaticBgeSmallZhEmbedder(), extraWindows, cacheEntries);
  }

  /** {@code staticEmbedder}: the distilled model the heads' static stages were trained on (loaded on first use). */
  SemanticClassifier(SemanticModel model, TextEmbedder embedder, TextEmbedder staticEmbedder, int extraWindows,
      int cacheEntries) {
    if (!model.embeddingModel().equals(embedder.modelName())) {
      throw new IllegalArgumentException("model trained with " + model.embeddingModel() + ", embedder is "
          + embedder.modelName());
    }
    this.model = model;
    this.embedder = embedder;
    this.extraWindows = extraWindows;
    this.staticEmbedder = staticEmbedder;
    this.scores = cacheEntries <= 0 ? null : new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<WindowKey, SemanticHead.Scored> eldest) {
        return size() > cacheEntries;
      }
    };
  }

  /** The classifier over the model on the classpath, or empty (logged) when it cannot be used. */
  public static Optional<SemanticClassifier> load(TextEmbedder embedder) {
    return load(embedder, 0);
  }

  /** As {@link #load(TextEmbedder)}, remembering the scores of up to {@code cacheEntries} windows. */
  public static Optional<SemanticClassifier> load(TextEmbedder embedder, int cacheEntries) {
    return load(SemanticClassifier.class.getClassLoader(), SemanticModel.RESOURCE, embedder, cacheEntries);
  }

  public static Optional<SemanticClassifier> load(ClassLoader loader, String resource, TextEmbedder embedder) {
    return load(loader, resource, embedder, 0);
  }

  public static Optional<SemanticClassifier> load(ClassLoader loader, String resource, TextEmbedder embedder,
      int cacheEntries) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        log.warning(() -> "Semantic classifier off: no model at classpath:" + resource);
        return Optional.empty();
      }
      SemanticModel model = SemanticModel.read(in);
      if (!model.embeddingModel().equals(embedder.modelName())) {
        log.warning(() -> "Semantic classifier off: model trained with " + model.embeddingModel()
            + " but the embedder is " + embedder.modelName());
        return Optional.empty();
      }
      log.info(() -> "Semantic classifier on: " + model.input().exemplars().size() + " input and "
          + model.output().exemplars().size() + " output exemplars, data " + model.dataHash().substring(0, 12));
      return Optional.of(new SemanticClassifier(model, embedder, DEFAULT_EXTRA_WINDOWS, cacheEntries));
    } catch (IOException | RuntimeException e) {
      log.log(Level.WARNING, "Semantic classifier off: cannot read classpath:" + resource, e);
      return Optional.empty();
    }
  }

  public SemanticModel model() {
    return model;
  }

  /**
   * The text's verdict. With a first stage, every window is scored by it; a text none of whose windows reaches the
   * escalation logit is a clear case — level NONE, the first stage's probability, nothing embedded — otherwise the
   * escalated windows (the highest first-stage logits, at most {@code 1 + extraWindows}) are embedded and the
   * riskiest counts. Without one (hand-made models) every window of {@link TextWindows#of} is embedded. A short input
   * with a stance cue ({@link DemeaningCue}, {@link HarmfulRequestCue}) is always embedded and blocks from the
   * suspicious threshold on.
   */
  public SemanticVerdict classify(String text, Direction direction) {
    return classifyNormalised(text == null ? null : Normalizer.normalise(text), direction);
  }

  /**
   * As {@link #classify}, for a text already in {@link Normalizer#normalise} form — the guard's {@code normalised}
   * layer of the original — so the check does not normalise the text twice (~0.6 ms for 2,000 characters).
   */
  public SemanticVerdict classifyNormalised(String normalised, Direction direction) {
    SemanticHead head = direction == Direction.OUTPUT ? model.output() : model.input();
    if (normalised == null || normalised.isBlank()) {
      return new SemanticVerdict(0, SemanticVerdict.Level.NONE, RiskTypes.FALLBACK, "", List.of());
    }
    String prepared = TextWindows.prepareNormalised(normalised);
    boolean cue = direction == Direction.INPUT;
    Escalation escalation = head.ngram().on() ? firstStage(head.ngram(), prepared, cue)
        : Escalation.all(TextWindows.of(prepared, extraWindows), cue);
    if (escalation.windows().isEmpty()) {
      return new SemanticVerdict(Vectors.sigmoid(escalation.clearLogit()), SemanticVerdict.Level.NONE,
          RiskTypes.FALLBACK, escalation.clearWindow(), List.of());
    }
    List<String> windows = escalation.windows();
    List<SemanticHead.Scored> scored = score(head, direction, windows, escalation.logits());
    SemanticHead.Scored best = null;
    String bestWindow = null;
    for (int i = 0; i < scored.size(); i++) {
      SemanticHead.Scored s = scored.get(i);
      if (best == null || s.probability() > best.probability()) {
        best = s;
        bestWindow = windows.get(i);
      }
    }
    SemanticVerdict.Level level = best.probability() >= head.block() ? SemanticVerdict.Level.BLOCK
        : best.probability() >= head.suspicious() ? SemanticVerdict.Level.SUSPICIOUS : SemanticVerdict.Level.NONE;
    int at = escalation.cuedAt();
    if (level != SemanticVerdict.Level.BLOCK && at >= 0 && scored.get(at).probability() >= head.suspicious()) {
      SemanticHead.Scored cued = scored.get(at);
      return new SemanticVerdict(cued.probability(), SemanticVerdict.Level.BLOCK, cued.riskType(), windows.get(at),
          cued.nearest(), escalation.cue());
    }
    return new SemanticVerdict(best.probability(), level, best.riskType(), bestWindow, best.nearest());
  }

  /**
   * The windows to embed and their first-stage logits; none when the text is a clear case, which then carries its
   * riskiest window and that window's logit. {@code cuedAt}: the index of the head window when it carries a stance
   * cue (it is then always escalated), else -1; {@code cue}: that cue's name, else null.
   */
  private record Escalation(List<String> windows, double[] logits, String clearWindow, double clearLogit,
      int cuedAt, String cue) {
    static Escalation all(List<String> windows, boolean cue) {
      String name = cue ? cueOf(windows.get(0)) : null;
      return new Escalation(windows, new double[windows.size()], "", 0, name != null ? 0 : -1, name);
    }
  }

  /**
   * The stance cue a prepared head window carries — {@value #DEMEANING_CUE} ({@link DemeaningCue}),
   * {@value #REQUEST_CUE} ({@link HarmfulRequestCue}) — or null.
   */
  static String cueOf(String window) {
    return DemeaningCue.matches(window) ? DEMEANING_CUE : HarmfulRequestCue.matches(window) ? REQUEST_CUE : null;
  }

  static final String DEMEANING_CUE = "demeaning-cue";
  static final String REQUEST_CUE = "request-cue";

  /** Scores every candidate window with the first stage; escalates those at or above its escalation point, at most
   *  {@code 1 + extraWindows}, highest first, and (with {@code cue}, the input direction) the head window also when
   *  it carries a stance cue ({@link #cueOf}). */
  private Escalation firstStage(NgramStage stage, String prepared, boolean cue) {
    List<String> candidates = TextWindows.candidates(prepared);
    double[] all = new double[candidates.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = stage.logit(candidates.get(i));
    }
    int[] order = SemanticHead.closest(all, 1 + extraWindows);
    int escalated = 0;
    while (escalated < order.length && stage.escalates(all[order[escalated]])) {
      escalated++;
    }
    int headAt = -1;
    for (int i = 0; i < escalated; i++) {
      headAt = order[i] == 0 ? i : headAt;
    }
    String cueName = cue ? cueOf(candidates.get(0)) : null;
    boolean cued = cueName != null;
    boolean addHead = cued && headAt < 0;
    List<String> windows = new ArrayList<>(escalated + 1);
    double[] logits = new double[escalated + (addHead ? 1 : 0)];
    for (int i = 0; i < escalated; i++) {
      windows.add(candidates.get(order[i]));
      logits[i] = all[order[i]];
    }
    if (addHead) {
      windows.add(candidates.get(0));
      logits[escalated] = all[0];
      headAt = escalated;
    }
    return new Escalation(windows, logits, candidates.get(order[0]), all[order[0]], cued ? headAt : -1, cueName);
  }

  /**
   * The scores of the windows, in order: remembered ones from the cache, the others embedded together.
   * {@code logits}: each window's first-stage logit (a function of the window, so the cache key stays the text).
   */
  private List<SemanticHead.Scored> score(SemanticHead head, Direction direction, List<String> windows,
      double[] logits) {
    SemanticHead.Scored[] out = new SemanticHead.Scored[windows.size()];
    List<String> missing = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    if (scores != null) {
      synchronized (scores) {
        for (int i = 0; i < out.length; i++) {
          out[i] = scores.get(new WindowKey(direction, windows.get(i)));
        }
      }
    }
    for (int i = 0; i < out.length; i++) {
      if (out[i] == null) {
        missing.add(windows.get(i));
        at.add(i);
      }
    }
    if (!missing.isEmpty()) {
      List<float[]> vectors = embedder.embed(missing);
      List<float[]> statics = head.staticStage().on() ? staticEmbedder.embed(missing) : null;
      for (int k = 0; k < missing.size(); k++) {
        out[at.get(k)] = head.score(logits[at.get(k)], vectors.get(k), statics == null ? null : statics.get(k),
            EXPLAIN);
      }
      if (scores != null) {
        synchronized (scores) {
          for (int k = 0; k < missing.size(); k++) {
            scores.put(new WindowKey(direction, missing.get(k)), out[at.get(k)]);
          }
        }
      }
    }
    return List.of(out);
  }

  /** The probability at and above which a text of that direction is blocked. */
  public double blockThreshold(Direction direction) {
    return (direction == Direction.OUTPUT ? model.output() : model.input()).block();
  }

  public double suspiciousThreshold(Direction direction) {
    return (direction == Direction.OUTPUT ? model.output() : model.input()).suspicious();
  }
}
