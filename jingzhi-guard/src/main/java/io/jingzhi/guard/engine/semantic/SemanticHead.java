package io.jingzhi.guard.engine.semantic;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One trained classifier (one for input, one for output): a first stage over hashed character n-grams
 * ({@link NgramStage}) that every window goes through, and for the windows it escalates a score of the embedding
 * (the perceptron {@code mlp} since recipe v6, over the CLS vector and the token mean since v7; {@code weights}/
 * {@code bias}, a linear score, when it is off), a nearest-neighbour margin against the exemplar bank (CLS vectors: a
 * longer embedding is compared by its leading part) and the static-embedding stage; the scores are stacked by a
 * second small logistic regression ({@code stackLr} weighs the embedding's score) into a risk probability.
 * {@code block} and {@code suspicious} are probability thresholds chosen on out-of-fold training scores.
 */
record SemanticHead(NgramStage ngram, float[] weights, double bias, double stackNgram, double stackLr,
    double stackKnn, double stackBias, int k, double block, double suspicious, Exemplars exemplars,
    StaticStage staticStage, Mlp mlp) {

  /** A head whose embedding score is linear ({@code weights}, {@code bias}), without a hidden layer. */
  SemanticHead(NgramStage ngram, float[] weights, double bias, double stackNgram, double stackLr, double stackKnn,
      double stackBias, int k, double block, double suspicious, Exemplars exemplars, StaticStage staticStage) {
    this(ngram, weights, bias, stackNgram, stackLr, stackKnn, stackBias, k, block, suspicious, exemplars,
        staticStage, Mlp.OFF);
  }

  /** A head without a static-embedding stage (hand-made test models). */
  SemanticHead(NgramStage ngram, float[] weights, double bias, double stackNgram, double stackLr, double stackKnn,
      double stackBias, int k, double block, double suspicious, Exemplars exemplars) {
    this(ngram, weights, bias, stackNgram, stackLr, stackKnn, stackBias, k, block, suspicious, exemplars,
        StaticStage.OFF);
  }

  /** A head without a first stage: every window is embedded (hand-made test models). */
  SemanticHead(float[] weights, double bias, double stackLr, double stackKnn, double stackBias, int k, double block,
      double suspicious, Exemplars exemplars) {
    this(NgramStage.OFF, weights, bias, 0, stackLr, stackKnn, stackBias, k, block, suspicious, exemplars);
  }

  /** kNN margins are small (±0.1); scaled so the stacker's inputs are of similar size. */
  static final double KNN_SCALE = 20;

  /** The embedding's score: the perceptron's logit when the head has one (recipe v6), else the linear one. */
  double lrLogit(float[] v) {
    return mlp.on() ? mlp.logit(v) : Vectors.dot(weights, v) + bias;
  }

  double probability(double ngramLogit, double lrLogit, double knnMargin, double staticContribution) {
    return Vectors.sigmoid(stackNgram * ngramLogit + stackLr * lrLogit + stackKnn * KNN_SCALE * knnMargin
        + staticContribution + stackBias);
  }

  /**
   * Scores one escalated window (its first-stage logit, embedding and — when the head has a static stage — static
   * embedding, else null) and names its closest exemplars.
   */
  Scored score(double ngramLogit, float[] v, float[] staticVector, int explain) {
    double[] sims = exemplars.similarities(v);
    double margin = Exemplars.margin(sims, exemplars.refuse(), k, -1);
    double p = probability(ngramLogit, lrLogit(v), margin,
        staticVector == null ? 0 : staticStage.contribution(staticVector));
    int[] order = closest(sims, Math.max(explain, 1) + 20);
    String type = RiskTypes.FALLBACK;
    for (int i : order) {
      if (exemplars.refuse()[i]) {
        type = exemplars.riskTypes()[i];
        break;
      }
    }
    List<SemanticVerdict.Neighbour> nearest = new ArrayList<>();
    for (int i : Arrays.copyOf(order, Math.min(explain, order.length))) {
      nearest.add(new SemanticVerdict.Neighbour(exemplars.labels()[i], exemplars.riskTypes()[i],
          exemplars.refuse()[i], sims[i]));
    }
    return new Scored(p, type, List.copyOf(nearest));
  }

  /**
   * The indices of the {@code n} highest similarities, highest first, ties in index order: the first {@code n} of a
   * stable sort, without sorting (or boxing) all exemplars.
   */
  static int[] closest(double[] sims, int n) {
    int size = Math.min(n, sims.length);
    int[] top = new int[size];
    int filled = 0;
    for (int i = 0; i < sims.length; i++) {
      double s = sims[i];
      if (filled == size && !(s > sims[top[size - 1]])) {
        continue;
      }
      int at = filled == size ? size - 1 : filled++;
      while (at > 0 && s > sims[top[at - 1]]) {
        top[at] = top[at - 1];
        at--;
      }
      top[at] = i;
    }
    return top;
  }

  record Scored(double probability, String riskType, List<SemanticVerdict.Neighbour> nearest) {}

  void write(DataOutputStream out) throws IOException {
    ngram.write(out);
    out.writeDouble(stackNgram);
    out.writeInt(weights.length);
    for (float w : weights) {
      out.writeFloat(w);
    }
    out.writeDouble(bias);
    out.writeDouble(stackLr);
    out.writeDouble(stackKnn);
    out.writeDouble(stackBias);
    out.writeInt(k);
    out.writeDouble(block);
    out.writeDouble(suspicious);
    exemplars.write(out);
    staticStage.write(out);
    mlp.write(out);
  }

  static SemanticHead read(DataInputStream in) throws IOException {
    NgramStage ngram = NgramStage.read(in);
    double stackNgram = in.readDouble();
    float[] w = new float[in.readInt()];
    for (int i = 0; i < w.length; i++) {
      w[i] = in.readFloat();
    }
    return new SemanticHead(ngram, w, in.readDouble(), stackNgram, in.readDouble(), in.readDouble(),
        in.readDouble(), in.readInt(), in.readDouble(), in.readDouble(), Exemplars.read(in), StaticStage.read(in),
        Mlp.read(in));
  }
}
