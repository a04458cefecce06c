package io.jingzhi.guard.engine.semantic;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The labelled training vectors a head compares against: L2-normalised embeddings, whether each should be
 * refused, its TC260 risk type and a short label (row id and the first characters) used as the explanation.
 * {@code byDimension} holds the same vectors dimension-major (dimension k of exemplar i at {@code k * size + i}), the
 * layout {@link #similarities} reads.
 */
record Exemplars(float[][] vectors, boolean[] refuse, String[] riskTypes, String[] labels, float[] byDimension) {

  Exemplars(float[][] vectors, boolean[] refuse, String[] riskTypes, String[] labels) {
    this(vectors, refuse, riskTypes, labels, byDimension(vectors));
  }

  private static float[] byDimension(float[][] vectors) {
    int n = vectors.length;
    int d = n == 0 ? 0 : vectors[0].length;
    float[] t = new float[n * d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        t[k * n + i] = vectors[i][k];
      }
    }
    return t;
  }

  int size() {
    return vectors.length;
  }

  /**
   * Similarities of one query to every exemplar: one pass over the bank dimension by dimension, each adding
   * {@code query[k]} times a contiguous column to all similarities at once (a loop the JIT vectorises), instead of
   * one dot product per exemplar, whose sum is a chain of dependent additions (≈ 9× slower: 4 ms for 4,526 exemplars).
   */
  double[] similarities(float[] query) {
    int n = vectors.length;
    float[] acc = new float[n];
    int dims = n == 0 ? 0 : Math.min(query.length, vectors[0].length); // a longer query: its leading part
    for (int k = 0; k < dims; k++) {
      float q = query[k];
      int at = k * n;
      for (int i = 0; i < n; i++) {
        acc[i] += q * byDimension[at + i];
      }
    }
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = acc[i];
    }
    return s;
  }

  /**
   * Mean similarity of the {@code k} closest should-refuse exemplars minus that of the {@code k} closest
   * should-not-refuse ones: positive when the query sits among risky texts. {@code skip} (or -1) is left out,
   * which lets training score a row against the others.
   */
  static double margin(double[] sims, boolean[] refuse, int k, int skip) {
    double[] pos = new double[k];
    double[] neg = new double[k];
    java.util.Arrays.fill(pos, -2);
    java.util.Arrays.fill(neg, -2);
    for (int i = 0; i < sims.length; i++) {
      if (i != skip) {
        insert(refuse[i] ? pos : neg, sims[i]);
      }
    }
    return mean(pos) - mean(neg);
  }

  // Keeps the k largest values, smallest at index 0.
  private static void insert(double[] top, double v) {
    if (v <= top[0]) {
      return;
    }
    int i = 0;
    while (i + 1 < top.length && top[i + 1] < v) {
      top[i] = top[i + 1];
      i++;
    }
    top[i] = v;
  }

  private static double mean(double[] top) {
    double s = 0;
    int n = 0;
    for (double v : top) {
      if (v > -2) {
        s += v;
        n++;
      }
    }
    return n == 0 ? 0 : s / n;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(vectors.length);
    out.writeInt(vectors.length == 0 ? 0 : vectors[0].length);
    for (int i = 0; i < vectors.length; i++) {
      out.writeBoolean(refuse[i]);
      out.writeUTF(riskTypes[i]);
      out.writeUTF(labels[i]);
      for (float f : vectors[i]) {
        out.writeFloat(f);
      }
    }
  }

  static Exemplars read(DataInputStream in) throws IOException {
    int n = in.readInt();
    int d = in.readInt();
    float[][] v = new float[n][d];
    boolean[] r = new boolean[n];
    String[] t = new String[n];
    String[] l = new String[n];
    for (int i = 0; i < n; i++) {
      r[i] = in.readBoolean();
      t[i] = in.readUTF();
      l[i] = in.readUTF();
      for (int j = 0; j < d; j++) {
        v[i][j] = in.readFloat();
      }
    }
    return new Exemplars(v, r, t, l);
  }
}
