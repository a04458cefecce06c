package io.jingzhi.gateway.provider;

import io.jingzhi.guard.api.embedding.BatchedBgeSmallZhEmbedder;
import io.jingzhi.guard.api.embedding.BatchedBgeSmallZhEmbedder.Pooling;
import io.jingzhi.guard.api.embedding.BgeSmallZhModel;
import io.jingzhi.guard.api.embedding.MicroBatchingEmbedder;
import io.jingzhi.guard.api.embedding.StaticBgeSmallZhEmbedder;
import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The bge-small-zh-v1.5 Chinese embedding models (512 dimensions), run in this process with ONNX Runtime from the
 * models shipped in their Maven jars: embeddings work on the embedded default without any model server. Two builds:
 * {@value #MODEL_NAME} (fp32; the guard's classifier was trained on its vectors) and {@value #QUANTISED_MODEL_NAME}
 * (int8-quantised: several times faster on a CPU, slightly different vectors — a knowledge base may pick it for
 * faster ingestion). A third, {@value #STATIC_MODEL_NAME}, is a static model distilled from the fp32 one (256
 * dimensions, a table lookup per token instead of a transformer: thousands of texts a second, lower vector quality;
 * for bases that ingest a lot and search hybrid); it runs on the caller's thread, without batching. Each model loads
 * on first use. Concurrent calls (the guard's checks of many gateway calls,
 * {@code /v1/embeddings} requests) are coalesced into length-sorted ONNX batches of up to {@code batch-max-texts}
 * texts by {@code batch-workers} worker threads per model (default 1: one ONNX run at a time, which already uses
 * every core), so inference cannot starve the gateway and queues first-come first-served under load. The fp32 model's
 * runs also return each text's token mean ({@link #embedWithTokenMean}, the guard classifier's input); everyone else
 * gets the 512-dimension CLS vector.
 */
@Component
public class InProcessEmbeddings {

  public static final String MODEL_NAME = BgeSmallZhModel.FP32.modelName();
  public static final String QUANTISED_MODEL_NAME = BgeSmallZhModel.INT8.modelName();
  public static final String STATIC_MODEL_NAME = StaticBgeSmallZhEmbedder.MODEL_NAME;
  public static final int DIMENSIONS = 512;
  private static final Logger log = LoggerFactory.getLogger(InProcessEmbeddings.class);

  private final Map<BgeSmallZhModel, MicroBatchingEmbedder> batchers = new EnumMap<>(BgeSmallZhModel.class);
  private final StaticBgeSmallZhEmbedder staticModel;

  public InProcessEmbeddings(@Value("${jingzhi.gateway.embeddings.batch-max-texts:32}") int maxTexts,
      @Value("${jingzhi.gateway.embeddings.batch-max-wait-ms:0}") long maxWaitMs,
      @Value("${jingzhi.gateway.embeddings.batch-workers:1}") int workers,
      @Value("${jingzhi.data-dir:./data}") Path dataDir) {
    // The table ships in the jar; the cache is used only by a build that skipped it (distilled on first use).
    this.staticModel = new StaticBgeSmallZhEmbedder(dataDir.resolve("models").resolve(STATIC_MODEL_NAME + ".bin"));
    for (BgeSmallZhModel build : BgeSmallZhModel.values()) {
      // The fp32 model's runs also keep the token mean (the guard's classifier reads it; nearly free beside the
      // transformer), so the guard's and /v1/embeddings' texts share one batcher and one loaded model.
      Pooling pooling = build == BgeSmallZhModel.FP32 ? Pooling.CLS_AND_MEAN : Pooling.CLS;
      batchers.put(build, new MicroBatchingEmbedder(new BatchedBgeSmallZhEmbedder(build, pooling, maxTexts, true),
          maxTexts, Duration.ofMillis(maxWaitMs), workers));
    }
    log.debug("In-process embeddings {}: batches of up to {} texts, wait {} ms, {} worker(s) per model",
        batchers.keySet(), maxTexts, maxWaitMs, workers);
  }

  /** Vectors of the texts from the fp32 {@value #MODEL_NAME}, L2-normalised, in order. */
  public List<float[]> embed(List<String> texts) {
    return embed(MODEL_NAME, texts);
  }

  /**
   * Vectors of the texts from the in-process model {@code model}, L2-normalised, in order. A model registered with
   * provider {@code in_process} under another name (an administrator's own entry) gets the fp32 model, as before
   * there were several.
   */
  public List<float[]> embed(String model, List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    if (STATIC_MODEL_NAME.equals(model)) {
      return staticModel.embed(texts);
    }
    List<float[]> vectors = batchers.get(BgeSmallZhModel.byName(model).orElse(BgeSmallZhModel.FP32)).embed(texts);
    return vectors.stream().map(v -> v.length == DIMENSIONS ? v : Arrays.copyOf(v, DIMENSIONS)).toList();
  }

  /**
   * The fp32 model's vectors of the texts, each followed by the L2-normalised mean of its tokens' final states
   * (1,024 dimensions): the guard classifier's input.
   */
  public List<float[]> embedWithTokenMean(List<String> texts) {
    return texts.isEmpty() ? List.of() : batchers.get(BgeSmallZhModel.FP32).embed(texts);
  }

  @PreDestroy
  void close() {
    batchers.values().forEach(MicroBatchingEmbedder::close);
  }
}
