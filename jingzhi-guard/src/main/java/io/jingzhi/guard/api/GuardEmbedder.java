package io.jingzhi.guard.api;

import java.util.List;

/**
 * Text embeddings for the guard's semantic classifier, provided by the module that serves models (the gateway's
 * in-process bge-small-zh-v1.5 by default). The guard sits below the gateway, so the gateway implements this.
 */
public interface GuardEmbedder {

  /** Name of the embedding model; the classifier runs only when it matches the model it was trained for. */
  String modelName();

  /** L2-normalised vectors of the texts, in order. */
  List<float[]> embed(List<String> texts);
}
