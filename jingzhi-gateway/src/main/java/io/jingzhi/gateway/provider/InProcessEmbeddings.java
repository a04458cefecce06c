package io.jingzhi.gateway.provider;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15.BgeSmallZhV15EmbeddingModel;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bge-small-zh-v1.5 Chinese embedding model (512 dimensions), run in this process with ONNX Runtime from
 * the model shipped in its Maven jar: embeddings work on the embedded default without any model server. The
 * model loads on first use; inference is bounded to the number of cores so it cannot starve the gateway.
 */
@Component
public class InProcessEmbeddings {

  public static final String MODEL_NAME = "bge-small-zh-v1.5";
  public static final int DIMENSIONS = 512;
  private static final Logger log = LoggerFactory.getLogger(InProcessEmbeddings.class);

  private final Semaphore slots = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
  private volatile EmbeddingModel model;

  /** Vectors of the texts, L2-normalised, in order. */
  public List<float[]> embed(List<String> texts) {
    EmbeddingModel m = model();
    slots.acquireUninterruptibly();
    try {
      List<Embedding> embeddings = m.embedAll(texts.stream().map(TextSegment::from).toList()).content();
      return embeddings.stream().map(e -> normalise(e.vector())).toList();
    } finally {
      slots.release();
    }
  }

  private EmbeddingModel model() {
    EmbeddingModel m = model;
    if (m == null) {
      synchronized (this) {
        if (model == null) {
          long t0 = System.nanoTime();
          model = new BgeSmallZhV15EmbeddingModel();
          log.info("Loaded the in-process embedding model {} in {} ms", MODEL_NAME,
              (System.nanoTime() - t0) / 1_000_000);
        }
        m = model;
      }
    }
    return m;
  }

  private static float[] normalise(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm == 0) {
      return v;
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / norm);
    }
    return out;
  }
}
