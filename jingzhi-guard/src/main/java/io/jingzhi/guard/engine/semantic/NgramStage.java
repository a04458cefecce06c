package io.jingzhi.guard.engine.semantic;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The classifier's cheap first stage: a logistic regression over hashed character 1–3-grams
 * ({@link NgramFeatures}) of a prepared window. Every window is scored by it (microseconds); only windows whose
 * logit reaches {@code escalate} are embedded and scored by the full head, the rest are clear cases decided here.
 * {@link #OFF} (no weights) escalates everything — the behaviour of a head trained without a first stage.
 */
record NgramStage(float[] weights, double bias, double escalate) {

  static final NgramStage OFF = new NgramStage(new float[0], 0, Double.NEGATIVE_INFINITY);

  boolean on() {
    return weights.length > 0;
  }

  /** The stage's logit for a prepared window (0 when off). */
  double logit(String window) {
    return on() ? NgramFeatures.score(weights, bias, window) : 0;
  }

  boolean escalates(double logit) {
    return logit >= escalate;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(weights.length);
    for (float w : weights) {
      out.writeFloat(w);
    }
    out.writeDouble(bias);
    out.writeDouble(escalate);
  }

  static NgramStage read(DataInputStream in) throws IOException {
    float[] w = new float[in.readInt()];
    for (int i = 0; i < w.length; i++) {
      w[i] = in.readFloat();
    }
    return new NgramStage(w, in.readDouble(), in.readDouble());
  }
}
