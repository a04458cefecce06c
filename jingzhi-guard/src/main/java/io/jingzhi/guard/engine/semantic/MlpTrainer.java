package io.jingzhi.guard.engine.semantic;

import java.util.Random;

/**
 * A one-hidden-layer perceptron (ReLU, dropout while training) on the sentence embedding, trained with weighted
 * logistic loss and mini-batch Adam; deterministic for a given seed. It replaced the linear regression on the
 * embedding (recipe v6): the linear layer cannot combine what a question is about with how it is asked, and the
 * hidden layer lifted out-of-fold recall at the same over-refusal (docs/guard-engine.md, "Recall round 6").
 * Float arrays laid out so the inner loops run over the hidden units (contiguous, vectorised by the JIT).
 */
final class MlpTrainer {

  private final int hidden;
  private final double l2;
  private final int epochs;
  private final double learningRate;
  private final int batch;
  private final double dropout;
  private final long seed;

  MlpTrainer(int hidden, double l2, int epochs, double learningRate, int batch, double dropout, long seed) {
    this.hidden = hidden;
    this.l2 = l2;
    this.epochs = epochs;
    this.learningRate = learningRate;
    this.batch = batch;
    this.dropout = dropout;
    this.seed = seed;
  }

  /** This trainer with another seed (a member of a seed ensemble). */
  MlpTrainer withSeed(long otherSeed) {
    return new MlpTrainer(hidden, l2, epochs, learningRate, batch, dropout, otherSeed);
  }

  Mlp fit(float[][] x, boolean[] y, double[] w) {
    int n = x.length;
    int d = x[0].length;
    int h = hidden;
    // One parameter vector: W1 (d × h, row k = input k), b1 (h), w2 (h), b2 (1); the gradient alike.
    int b1 = d * h;
    int w2 = b1 + h;
    int b2 = w2 + h;
    float[] p = new float[b2 + 1];
    float[] g = new float[p.length];
    Random random = new Random(seed);
    double scale = Math.sqrt(2.0 / d);
    for (int i = 0; i < b1; i++) {
      p[i] = (float) (random.nextGaussian() * scale);
    }
    for (int j = 0; j < h; j++) {
      p[w2 + j] = (float) (random.nextGaussian() * Math.sqrt(1.0 / h));
    }
    Adam adam = new Adam(p.length, learningRate);
    int[] order = Adam.identity(n);
    // A batch goes through the weights one input row at a time (the row stays in the first-level cache while every
    // sample of the batch uses it): one pass over the 0.5 MB of W1 and of its gradient per batch, not per sample,
    // which made the per-sample loops memory-bound (≈ 6× slower).
    float[][] act = new float[batch][h];
    float[][] grad = new float[batch][h];
    float[] row = new float[h];
    float keep = (float) (1 / (1 - dropout));
    for (int epoch = 0; epoch < epochs; epoch++) {
      Adam.shuffle(order, random);
      for (int start = 0; start < n; start += batch) {
        int m = Math.min(n, start + batch) - start;
        java.util.Arrays.fill(g, 0);
        for (int s = 0; s < m; s++) {
          System.arraycopy(p, b1, act[s], 0, h);
        }
        for (int k = 0; k < d; k++) {
          System.arraycopy(p, k * h, row, 0, h);
          for (int s = 0; s < m; s++) {
            axpy(act[s], row, x[order[start + s]][k]);
          }
        }
        for (int s = 0; s < m; s++) {
          float[] r = act[s];
          double z = p[b2];
          for (int j = 0; j < h; j++) {
            r[j] = r[j] > 0 && random.nextDouble() >= dropout ? r[j] * keep : 0;
            z += r[j] * p[w2 + j];
          }
          int i = order[start + s];
          float err = (float) ((Vectors.sigmoid(z) - (y[i] ? 1 : 0)) * w[i] / m);
          float[] gr = grad[s];
          for (int j = 0; j < h; j++) {
            g[w2 + j] += err * r[j];
            gr[j] = r[j] != 0 ? err * p[w2 + j] * keep : 0;
            g[b1 + j] += gr[j];
          }
          g[b2] += err;
        }
        for (int k = 0; k < d; k++) {
          java.util.Arrays.fill(row, 0);
          for (int s = 0; s < m; s++) {
            axpy(row, grad[s], x[order[start + s]][k]);
          }
          int at = k * h;
          for (int j = 0; j < h; j++) {
            g[at + j] += row[j];
          }
        }
        for (int i = 0; i < b1; i++) {
          g[i] += (float) (l2 * p[i]);
        }
        for (int j = 0; j < h; j++) {
          g[w2 + j] += (float) (l2 * p[w2 + j]);
        }
        adam.nextStep();
        adam.update(p, g);
      }
    }
    float[] w1 = java.util.Arrays.copyOfRange(p, 0, b1);
    return new Mlp(d, h, w1, java.util.Arrays.copyOfRange(p, b1, w2), java.util.Arrays.copyOfRange(p, w2, b2),
        p[b2]);
  }

  /** {@code y += a·x} (a loop the JIT vectorises). */
  private static void axpy(float[] y, float[] x, float a) {
    for (int j = 0; j < y.length; j++) {
      y[j] += a * x[j];
    }
  }
}
