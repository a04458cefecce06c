package io.jingzhi.guard.engine.semantic;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A logistic regression on the distilled static embedding ({@code bge-small-zh-v1.5-static}, 256 dimensions, a
 * token-table sum: microseconds) of an escalated window; its logit is the stacker's fourth input, weighted by
 * {@code stack}. It reads words where the n-gram stage reads characters (out of fold, recipe v5: +5 points of
 * JailBench seeds and +2.5 of the authored A.1/A.2 set at the same over-refusal). {@link #OFF} contributes nothing.
 */
record StaticStage(float[] weights, double bias, double stack) {

  static final StaticStage OFF = new StaticStage(new float[0], 0, 0);

  boolean on() {
    return weights.length > 0;
  }

  /** The stage's contribution to the stacker's sum for a static vector (0 when off). */
  double contribution(float[] staticVector) {
    return on() ? stack * (Vectors.dot(weights, staticVector) + bias) : 0;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(weights.length);
    for (float w : weights) {
      out.writeFloat(w);
    }
    out.writeDouble(bias);
    out.writeDouble(stack);
  }

  static StaticStage read(DataInputStream in) throws IOException {
    float[] w = new float[in.readInt()];
    for (int i = 0; i < w.length; i++) {
      w[i] = in.readFloat();
    }
    return new StaticStage(w, in.readDouble(), in.readDouble());
  }
}
