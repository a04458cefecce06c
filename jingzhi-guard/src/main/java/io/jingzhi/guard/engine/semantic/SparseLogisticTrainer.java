package io.jingzhi.guard.engine.semantic;

import java.util.Random;

/**
 * Weighted L2-regularised logistic regression over sparse rows ({@link NgramFeatures.Sparse}), mini-batch Adam that
 * updates only the coordinates a batch touches (lazy Adam, as fastText-style models are usually trained); the L2
 * penalty applies to touched coordinates. Deterministic for a given seed.
 */
final class SparseLogisticTrainer {

  private final double l2;
  private final int epochs;
  private final double learningRate;
  private final int batch;
  private final long seed;

  SparseLogisticTrainer(double l2, int epochs, double learningRate, int batch, long seed) {
    this.l2 = l2;
    this.epochs = epochs;
    this.learningRate = learningRate;
    this.batch = batch;
    this.seed = seed;
  }

  /** Returns the weights of {@code dim} buckets followed by the bias (length dim + 1). */
  double[] fit(NgramFeatures.Sparse[] x, boolean[] y, double[] w, int dim) {
    int n = x.length;
    double[] p = new double[dim + 1];
    double[] m = new double[dim + 1];
    double[] v = new double[dim + 1];
    double[] g = new double[dim + 1];
    int[] stamp = new int[dim + 1];
    int[] touched = new int[dim + 1];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    int t = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      shuffle(order, random);
      for (int start = 0; start < n; start += batch) {
        int end = Math.min(n, start + batch);
        t++;
        int touchedCount = 0;
        for (int b = start; b < end; b++) {
          NgramFeatures.Sparse row = x[order[b]];
          double err = (Vectors.sigmoid(row.dot(p) + p[dim]) - (y[order[b]] ? 1 : 0)) * w[order[b]] / (end - start);
          for (int k = 0; k < row.index().length; k++) {
            int j = row.index()[k];
            if (stamp[j] != t) {
              stamp[j] = t;
              g[j] = 0;
              touched[touchedCount++] = j;
            }
            g[j] += err * row.value()[k];
          }
          if (stamp[dim] != t) {
            stamp[dim] = t;
            g[dim] = 0;
            touched[touchedCount++] = dim;
          }
          g[dim] += err;
        }
        double c1 = 1 - Math.pow(0.9, t);
        double c2 = 1 - Math.pow(0.999, t);
        for (int k = 0; k < touchedCount; k++) {
          int j = touched[k];
          double gj = g[j] + (j < dim ? l2 * p[j] : 0);
          m[j] = 0.9 * m[j] + 0.1 * gj;
          v[j] = 0.999 * v[j] + 0.001 * gj * gj;
          p[j] -= learningRate * (m[j] / c1) / (Math.sqrt(v[j] / c2) + 1e-8);
        }
      }
    }
    return p;
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
