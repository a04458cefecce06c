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
    double[] g = new double[dim + 1];
    int[] stamp = new int[dim + 1];
    int[] touched = new int[dim + 1];
    Adam adam = new Adam(dim + 1, learningRate);
    int[] order = Adam.identity(n);
    Random random = new Random(seed);
    int t = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      Adam.shuffle(order, random);
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
        adam.nextStep();
        for (int k = 0; k < touchedCount; k++) {
          int j = touched[k];
          adam.update(p, j, g[j] + (j < dim ? l2 * p[j] : 0));
        }
      }
    }
    return p;
  }
}
