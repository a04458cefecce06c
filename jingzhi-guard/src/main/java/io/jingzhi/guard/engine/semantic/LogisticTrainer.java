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
    double[] m = new double[d + 1];
    double[] v = new double[d + 1];
    double[] g = new double[d + 1];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    long t = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      shuffle(order, random);
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
        t++;
        for (int j = 0; j <= d; j++) {
          double gj = g[j] + (j < d ? l2 * p[j] : 0);
          m[j] = 0.9 * m[j] + 0.1 * gj;
          v[j] = 0.999 * v[j] + 0.001 * gj * gj;
          double mh = m[j] / (1 - Math.pow(0.9, t));
          double vh = v[j] / (1 - Math.pow(0.999, t));
          p[j] -= learningRate * mh / (Math.sqrt(vh) + 1e-8);
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

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }
}
