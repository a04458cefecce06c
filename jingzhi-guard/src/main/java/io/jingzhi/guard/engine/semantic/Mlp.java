package io.jingzhi.guard.engine.semantic;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * A trained one-hidden-layer perceptron over an embedding ({@link MlpTrainer}): {@code w1} holds input k's weights
 * to the {@code hidden} units at {@code k * hidden}. Its logit is one of the stacker's inputs.
 */
record Mlp(int inputs, int hidden, float[] w1, float[] b1, float[] w2, float b2) {

  /** No hidden layer: a head whose embedding score is the linear one (hand-made test models). */
  static final Mlp OFF = new Mlp(0, 0, new float[0], new float[0], new float[0], 0);

  boolean on() {
    return hidden > 0;
  }

  /**
   * One perceptron whose logit is the mean of the members' logits (a seed ensemble as a single wider layer): the
   * hidden units side by side, the output weights and bias divided by the number of members. Same format, same
   * inference code; members must share the input size.
   */
  static Mlp average(List<Mlp> members) {
    int k = members.size();
    int inputs = members.get(0).inputs();
    int hidden = members.stream().mapToInt(Mlp::hidden).sum();
    float[] w1 = new float[inputs * hidden];
    float[] b1 = new float[hidden];
    float[] w2 = new float[hidden];
    float b2 = 0;
    int offset = 0;
    for (Mlp m : members) {
      if (m.inputs() != inputs) {
        throw new IllegalArgumentException("members differ in input size: " + m.inputs() + " vs " + inputs);
      }
      for (int row = 0; row < inputs; row++) {
        System.arraycopy(m.w1(), row * m.hidden(), w1, row * hidden + offset, m.hidden());
      }
      System.arraycopy(m.b1(), 0, b1, offset, m.hidden());
      for (int j = 0; j < m.hidden(); j++) {
        w2[offset + j] = m.w2()[j] / k;
      }
      b2 += m.b2() / k;
      offset += m.hidden();
    }
    return new Mlp(inputs, hidden, w1, b1, w2, b2);
  }

  double logit(float[] v) {
    float[] a = b1.clone();
    for (int k = 0; k < inputs; k++) {
      float vk = v[k];
      int row = k * hidden;
      for (int j = 0; j < hidden; j++) {
        a[j] += vk * w1[row + j];
      }
    }
    double z = b2;
    for (int j = 0; j < hidden; j++) {
      z += Math.max(a[j], 0) * w2[j];
    }
    return z;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(inputs);
    out.writeInt(hidden);
    for (float f : w1) {
      out.writeFloat(f);
    }
    for (float f : b1) {
      out.writeFloat(f);
    }
    for (float f : w2) {
      out.writeFloat(f);
    }
    out.writeFloat(b2);
  }

  static Mlp read(DataInputStream in) throws IOException {
    int inputs = in.readInt();
    int hidden = in.readInt();
    if (inputs < 0 || hidden < 0 || (long) inputs * hidden > 1 << 24) {
      throw new IOException("bad perceptron size " + inputs + " x " + hidden);
    }
    return new Mlp(inputs, hidden, floats(in, inputs * hidden), floats(in, hidden), floats(in, hidden),
        in.readFloat());
  }

  private static float[] floats(DataInputStream in, int n) throws IOException {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = in.readFloat();
    }
    return f;
  }
}
