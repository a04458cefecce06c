package io.jingzhi.guard.engine.semantic;

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
}
