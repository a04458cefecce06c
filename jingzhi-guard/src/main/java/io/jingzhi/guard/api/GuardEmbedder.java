package io.jingzhi.guard.api;

import java.util.List;

/**
 * Text embeddings for the guard's semantic classifier, provided by the module that serves models (the gateway's
 * in-process bge-small-zh-v1.5 by default). The guard sits below the gateway, so the gateway implements this.
 */
public interface GuardEmbedder {

  /** Name of the embedding model; the classifier runs only when it matches the model it was trained for. */
  String modelName();

  /** L2-normalised vectors of the texts, in order (canned-answer matching). */
  List<float[]> embed(List<String> texts);

  /**
   * The semantic classifier's input: each text's {@link #embed} vector followed by the L2-normalised mean of its
   * tokens' final states, in order; the classifier runs only when its model was trained on these vectors of
   * {@link #modelName()} (recorded as that name with {@code +mean} appended).
   */
  List<float[]> embedWithTokenMean(List<String> texts);
}
