package io.jingzhi.knowledge.base;

/**
 * How a knowledge base answers a retrieval request that does not say otherwise; stored as JSON on the base.
 *
 * @param scoreThreshold minimum score after fusion (and after rerank when used), null for none
 * @param vectorWeight weight of the vector side in weighted fusion (0–1)
 * @param rerankModel a rerank model of the gateway, null for none
 */
public record RetrievalDefaults(String mode, Integer topK, Double scoreThreshold, String fusion,
    Double vectorWeight, String rerankModel, Context context) {

  /** Context expansion: neighbouring chunks on each side and/or the parent chunk. */
  public record Context(Integer neighbours, Boolean parent) {}

  public static RetrievalDefaults defaults() {
    // Weighted fusion at 0.3 is the retrieval engine's tuned default (docs/knowledge.md, Index and retrieval).
    return new RetrievalDefaults("hybrid", 5, null, "weighted", 0.3, null, new Context(0, false));
  }
}
