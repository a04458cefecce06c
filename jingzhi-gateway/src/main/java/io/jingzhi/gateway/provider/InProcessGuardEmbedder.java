package io.jingzhi.gateway.provider;

import io.jingzhi.guard.api.GuardEmbedder;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The guard's embeddings (semantic risk classifier, canned-answer matching) from the in-process bge-small-zh-v1.5
 * the gateway serves at {@code /v1/embeddings}: the same model, loaded once, no model server and no download. An
 * embedding model behind an upstream would go through the gateway's routing instead; none is needed yet.
 */
@Component
public class InProcessGuardEmbedder implements GuardEmbedder {

  private final InProcessEmbeddings embeddings;

  public InProcessGuardEmbedder(InProcessEmbeddings embeddings) {
    this.embeddings = embeddings;
  }

  @Override
  public String modelName() {
    return InProcessEmbeddings.MODEL_NAME;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return texts.isEmpty() ? List.of() : embeddings.embed(texts);
  }

  @Override
  public List<float[]> embedWithTokenMean(List<String> texts) {
    return texts.isEmpty() ? List.of() : embeddings.embedWithTokenMean(texts);
  }
}
