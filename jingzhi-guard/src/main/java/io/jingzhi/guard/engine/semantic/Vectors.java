package io.jingzhi.guard.engine.semantic;

import io.jingzhi.guard.api.embedding.TextEmbedder;

/** Small dense-vector helpers (dot product, L2 normalisation, logistic function). */
final class Vectors {

  private Vectors() {}

  static float[] normalise(float[] v) {
    return TextEmbedder.normalise(v);
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }
}
