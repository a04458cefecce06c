package io.jingzhi.guard.api.embedding;

import java.util.List;

/**
 * Sentence embeddings for the semantic classifier: one L2-normalised vector per text, in order. The gateway
 * provides it from its in-process model; {@link #modelName()} must equal the name the classifier was trained
 * with, otherwise the classifier stays off.
 */
@FunctionalInterface
public interface TextEmbedder {

  List<float[]> embed(List<String> texts);

  default String modelName() {
    return BgeSmallZhEmbedder.MODEL_NAME;
  }

  /** The vector scaled to length 1 (a zero vector stays as it is). */
  static float[] normalise(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm == 0) {
      return v;
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / norm);
    }
    return out;
  }
}
