package io.jingzhi.gateway.provider;

import io.jingzhi.guard.api.embedding.BatchedBgeSmallZhEmbedder;
import io.jingzhi.guard.api.embedding.MicroBatchingEmbedder;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The bge-small-zh-v1.5 Chinese embedding model (512 dimensions), run in this process with ONNX Runtime from
 * the model shipped in its Maven jar: embeddings work on the embedded default without any model server. The
 * model loads on first use. Concurrent calls (the guard's checks of many gateway calls, {@code /v1/embeddings}
 * requests) are coalesced into padded ONNX batches of up to {@code batch-max-texts} texts by
 * {@code batch-workers} worker threads (default 1: one ONNX run at a time, which already uses every core), so
 * inference cannot starve the gateway and queues first-come first-served under load.
 */
@Component
public class InProcessEmbeddings {

  public static final String MODEL_NAME = "bge-small-zh-v1.5";
  public static final int DIMENSIONS = 512;
  private static final Logger log = LoggerFactory.getLogger(InProcessEmbeddings.class);

  private final BatchedBgeSmallZhEmbedder model;
  private final MicroBatchingEmbedder batcher;

  public InProcessEmbeddings(@Value("${jingzhi.gateway.embeddings.batch-max-texts:32}") int maxTexts,
      @Value("${jingzhi.gateway.embeddings.batch-max-wait-ms:0}") long maxWaitMs,
      @Value("${jingzhi.gateway.embeddings.batch-workers:1}") int workers) {
    this.model = new BatchedBgeSmallZhEmbedder(maxTexts);
    this.batcher = new MicroBatchingEmbedder(model, maxTexts, Duration.ofMillis(maxWaitMs), workers);
    log.debug("In-process embeddings {}: batches of up to {} texts, wait {} ms, {} worker(s)", MODEL_NAME, maxTexts,
        maxWaitMs, workers);
  }

  /** Vectors of the texts, L2-normalised, in order. */
  public List<float[]> embed(List<String> texts) {
    return texts.isEmpty() ? List.of() : batcher.embed(texts);
  }

  @PreDestroy
  void close() {
    batcher.close();
  }
}
