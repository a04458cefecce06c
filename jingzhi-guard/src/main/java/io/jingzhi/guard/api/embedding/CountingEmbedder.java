package io.jingzhi.guard.api.embedding;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An embedder that counts what goes through it (calls and texts) and passes everything on: how evaluations report
 * the share of texts the classifier's first stage escalated, and how tests and benchmarks check that a text was (or
 * was not) embedded. Thread-safe when the delegate is.
 */
public final class CountingEmbedder implements TextEmbedder {

  private final TextEmbedder delegate;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong texts = new AtomicLong();

  public CountingEmbedder(TextEmbedder delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<float[]> embed(List<String> batch) {
    calls.incrementAndGet();
    texts.addAndGet(batch.size());
    return delegate.embed(batch);
  }

  @Override
  public String modelName() {
    return delegate.modelName();
  }

  /** How many times {@link #embed} was called. */
  public long calls() {
    return calls.get();
  }

  /** How many texts were embedded in all. */
  public long texts() {
    return texts.get();
  }
}
