package io.jingzhi.guard.api.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.List;

/**
 * bge-small-zh-v1.5 (512 dimensions) run in this process with ONNX Runtime from the model in its Maven jar
 * (langchain4j), one ONNX run per text. Loads the model on first use; thread-safe. By default the fp32 build; the
 * int8 one with {@link #BgeSmallZhEmbedder(BgeSmallZhModel)}.
 */
public final class BgeSmallZhEmbedder implements TextEmbedder {

  public static final String MODEL_NAME = "bge-small-zh-v1.5";
  public static final int DIMENSIONS = 512;

  private final BgeSmallZhModel build;
  private volatile EmbeddingModel model;

  public BgeSmallZhEmbedder(BgeSmallZhModel build) {
    this.build = build;
  }

  public BgeSmallZhEmbedder() {
    this(BgeSmallZhModel.FP32);
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<Embedding> out = model().embedAll(texts.stream().map(TextSegment::from).toList()).content();
    return out.stream().map(e -> TextEmbedder.normalise(e.vector())).toList();
  }

  @Override
  public String modelName() {
    return build.modelName();
  }

  private EmbeddingModel model() {
    EmbeddingModel m = model;
    if (m == null) {
      synchronized (this) {
        if (model == null) {
          model = build.newLangchain4jModel();
        }
        m = model;
      }
    }
    return m;
  }
}
