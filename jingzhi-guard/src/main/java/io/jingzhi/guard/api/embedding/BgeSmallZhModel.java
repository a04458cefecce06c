package io.jingzhi.guard.api.embedding;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15.BgeSmallZhV15EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The two builds of bge-small-zh-v1.5 shipped in langchain4j jars (512 dimensions, CLS pooling): the fp32 original,
 * which the guard's classifier was trained on, and the int8-quantised one (faster on a CPU, slightly different
 * vectors). Each names its ONNX file and tokenizer on the classpath and the langchain4j model that handles texts
 * longer than one window.
 */
public enum BgeSmallZhModel {

  FP32(BgeSmallZhEmbedder.MODEL_NAME, "bge-small-zh-v1.5.onnx", "bge-small-zh-v1.5-tokenizer.json",
      BgeSmallZhV15EmbeddingModel::new),
  INT8("bge-small-zh-v1.5-q", "bge-small-zh-v1.5-q.onnx", "bge-small-zh-v1.5-q-tokenizer.json",
      BgeSmallZhV15QuantizedEmbeddingModel::new);

  private final String modelName;
  private final String onnxResource;
  private final String tokenizerResource;
  private final Supplier<EmbeddingModel> langchain4j;

  BgeSmallZhModel(String modelName, String onnxResource, String tokenizerResource,
      Supplier<EmbeddingModel> langchain4j) {
    this.modelName = modelName;
    this.onnxResource = onnxResource;
    this.tokenizerResource = tokenizerResource;
    this.langchain4j = langchain4j;
  }

  /** The name the gateway serves it under (and a knowledge base records). */
  public String modelName() {
    return modelName;
  }

  String onnxResource() {
    return onnxResource;
  }

  String tokenizerResource() {
    return tokenizerResource;
  }

  /** A new langchain4j model of this build (loads the model file; callers keep one). */
  EmbeddingModel newLangchain4jModel() {
    return langchain4j.get();
  }

  /** The build served under {@code name}, if any. */
  public static Optional<BgeSmallZhModel> byName(String name) {
    for (BgeSmallZhModel m : values()) {
      if (m.modelName.equals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
