package io.jingzhi.guard.engine.semantic;

import java.util.Random;

/**
 * Weighted L2-regularised logistic regression trained with mini-batch Adam; deterministic for a given seed.
 * Small and dependency-free on purpose: the classifier needs one linear layer, not a machine-learning library.
 */
final class LogisticTrainer {

  private final double l2;
  private final int epochs;
  private final double learningRate;
  private final int batch;
  private final long seed;

  LogisticTrainer(double l2, int epochs, double learningRate, int batch, long seed) {
    this.l2 = l2;
    this.epochs = epochs;
    this.learningRate = learningRate;
    this.batch = batch;
    this.seed = seed;
  }

  /** Returns the weights followed by the bias (length d + 1). */
  double[] fit(double[][] x, boolean[] y, double[] w) {
    int n = x.length;
    int d = x[0].length;
    double[] p = new double[d + 1];
    double[] g = new double[d + 1];
    Adam adam = new Adam(d + 1, learningRate);
    int[] order = Adam.identity(n);
    Random random = new Random(seed);
    for (int epoch = 0; epoch < epochs; epoch++) {
      Adam.shuffle(order, random);
      for (int start = 0; start < n; start += batch) {
        int end = Math.min(n, start + batch);
        java.util.Arrays.fill(g, 0);
        for (int b = start; b < end; b++) {
          int i = order[b];
          double z = p[d];
          for (int j = 0; j < d; j++) {
            z += p[j] * x[i][j];
          }
          double err = (Vectors.sigmoid(z) - (y[i] ? 1 : 0)) * w[i] / (end - start);
          for (int j = 0; j < d; j++) {
            g[j] += err * x[i][j];
          }
          g[d] += err;
        }
        adam.nextStep();
        for (int j = 0; j <= d; j++) {
          adam.update(p, j, g[j] + (j < d ? l2 * p[j] : 0));
        }
      }
    }
    return p;
  }

  static double logit(double[] p, double[] x) {
    double z = p[p.length - 1];
    for (int j = 0; j < x.length; j++) {
      z += p[j] * x[j];
    }
    return z;
  }
}
