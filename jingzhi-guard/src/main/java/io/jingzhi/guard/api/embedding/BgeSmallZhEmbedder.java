package io.jingzhi.guard.api.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15.BgeSmallZhV15EmbeddingModel;
import java.util.List;

/**
 * bge-small-zh-v1.5 (512 dimensions) run in this process with ONNX Runtime from the model in its Maven jar
 * (langchain4j). Loads the model on first use; thread-safe.
 */
public final class BgeSmallZhEmbedder implements TextEmbedder {

  public static final String MODEL_NAME = "bge-small-zh-v1.5";
  public static final int DIMENSIONS = 512;

  private volatile EmbeddingModel model;

  @Override
  public List<float[]> embed(List<String> texts) {
    List<Embedding> out = model().embedAll(texts.stream().map(TextSegment::from).toList()).content();
    return out.stream().map(e -> TextEmbedder.normalise(e.vector())).toList();
  }

  @Override
  public String modelName() {
    return MODEL_NAME;
  }

  private EmbeddingModel model() {
    EmbeddingModel m = model;
    if (m == null) {
      synchronized (this) {
        if (model == null) {
          model = new BgeSmallZhV15EmbeddingModel();
        }
        m = model;
      }
    }
    return m;
  }
}
