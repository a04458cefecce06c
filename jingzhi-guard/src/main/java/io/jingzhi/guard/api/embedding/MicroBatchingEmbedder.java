package io.jingzhi.guard.api.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Coalesces concurrent {@link #embed} calls into one call of the delegate: many guard checks at once (many gateway
 * calls) become one ONNX batch, which raises throughput on a CPU. A caller's texts wait in a queue; a worker takes
 * the first waiting call, then adds the calls that arrive within {@code maxWait} (or are already waiting) until
 * {@code maxTexts}, embeds them together and hands each caller its vectors. With one caller at a time nothing waits
 * longer than {@code maxWait}; under load the batches grow by themselves while the worker is busy. {@code workers}
 * bounds concurrent delegate calls (the CPU budget of the model). Thread-safe; worker threads are daemons.
 */
public final class MicroBatchingEmbedder implements TextEmbedder, AutoCloseable {

  private record Call(List<String> texts, CompletableFuture<List<float[]>> result) {}

  private final TextEmbedder delegate;
  private final int maxTexts;
  private final long maxWaitNanos;
  private final BlockingQueue<Call> queue = new LinkedBlockingQueue<>();
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean closed;

  public MicroBatchingEmbedder(TextEmbedder delegate, int maxTexts, Duration maxWait, int workers) {
    this.delegate = delegate;
    this.maxTexts = Math.max(1, maxTexts);
    this.maxWaitNanos = maxWait.toNanos();
    for (int i = 0; i < Math.max(1, workers); i++) {
      Thread t = Thread.ofPlatform().daemon().name("guard-embed-batch-" + i).unstarted(this::work);
      this.workers.add(t);
      t.start();
    }
  }

  @Override
  public String modelName() {
    return delegate.modelName();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    if (closed) {
      throw new IllegalStateException("embedder closed");
    }
    Call call = new Call(List.copyOf(texts), new CompletableFuture<>());
    queue.add(call);
    try {
      return call.result().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private void work() {
    List<Call> batch = new ArrayList<>();
    while (!closed) {
      try {
        Call first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        int texts = first.texts().size();
        long deadline = System.nanoTime() + maxWaitNanos;
        while (texts < maxTexts) {
          Call next = queue.poll();
          if (next == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || (next = queue.poll(left, TimeUnit.NANOSECONDS)) == null) {
              break;
            }
          }
          batch.add(next);
          texts += next.texts().size();
        }
        run(batch, texts);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void run(List<Call> batch, int size) {
    List<String> all = new ArrayList<>(size);
    batch.forEach(c -> all.addAll(c.texts()));
    try {
      List<float[]> vectors = delegate.embed(all);
      int at = 0;
      for (Call c : batch) {
        c.result().complete(vectors.subList(at, at + c.texts().size()));
        at += c.texts().size();
      }
    } catch (RuntimeException | Error e) {
      batch.forEach(c -> c.result().completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    closed = true;
    workers.forEach(Thread::interrupt);
    Call c;
    while ((c = queue.poll()) != null) {
      c.result().completeExceptionally(new IllegalStateException("embedder closed"));
    }
  }
}
