package io.jingzhi.guard.engine.semantic;

import java.util.Random;

/**
 * What {@link LogisticTrainer} and {@link SparseLogisticTrainer} share: Adam's moment estimates over a parameter
 * vector (β1 0.9, β2 0.999, ε 1e-8) and the seeded shuffle of the sample order each epoch. A step is
 * {@link #nextStep()} followed by {@link #update} for every coordinate the batch touched (all of them when dense).
 */
final class Adam {

  private final double[] m;
  private final double[] v;
  private final double learningRate;
  private int t;
  private double firstCorrection;
  private double secondCorrection;

  Adam(int size, double learningRate) {
    this.m = new double[size];
    this.v = new double[size];
    this.learningRate = learningRate;
  }

  /** Starts the next step (bias corrections of the moment estimates). */
  void nextStep() {
    t++;
    firstCorrection = 1 - Math.pow(0.9, t);
    secondCorrection = 1 - Math.pow(0.999, t);
  }

  /** Moves {@code p[j]} against its gradient {@code g} (penalty included) for the current step. */
  void update(double[] p, int j, double g) {
    m[j] = 0.9 * m[j] + 0.1 * g;
    v[j] = 0.999 * v[j] + 0.001 * g * g;
    p[j] -= learningRate * (m[j] / firstCorrection) / (Math.sqrt(v[j] / secondCorrection) + 1e-8);
  }

  /** Moves every {@code p[j]} against its gradient {@code g[j]} (penalty included) for the current step. */
  void update(float[] p, float[] g) {
    for (int j = 0; j < p.length; j++) {
      m[j] = 0.9 * m[j] + 0.1 * g[j];
      v[j] = 0.999 * v[j] + 0.001 * g[j] * g[j];
      p[j] -= (float) (learningRate * (m[j] / firstCorrection) / (Math.sqrt(v[j] / secondCorrection) + 1e-8));
    }
  }

  /** 0 … n−1, the sample order {@link #shuffle} reorders every epoch. */
  static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  /** Fisher–Yates, in place. */
  static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }
}
