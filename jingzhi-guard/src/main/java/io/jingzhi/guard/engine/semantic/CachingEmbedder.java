package io.jingzhi.guard.engine.semantic;

import io.jingzhi.guard.api.embedding.TextEmbedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded LRU cache of embeddings in front of another embedder, keyed by the exact text (the classifier hands it
 * normalised windows, so repeated prompts hit whatever their spacing or width). At most {@code maxEntries} vectors
 * (bge-small-zh: 2 KB each, so 10,000 entries ≈ 20 MB plus keys). Misses of one call go to the delegate together.
 * Thread-safe.
 */
public final class CachingEmbedder implements TextEmbedder {

  private final TextEmbedder delegate;
  private final Map<String, float[]> cache;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  public CachingEmbedder(TextEmbedder delegate, int maxEntries) {
    this.delegate = delegate;
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
        return size() > maxEntries;
      }
    };
  }

  @Override
  public String modelName() {
    return delegate.modelName();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    float[][] out = new float[texts.size()][];
    List<String> missing = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    synchronized (cache) {
      for (int i = 0; i < texts.size(); i++) {
        out[i] = cache.get(texts.get(i));
        if (out[i] == null) {
          missing.add(texts.get(i));
          at.add(i);
        }
      }
    }
    hits.addAndGet(texts.size() - missing.size());
    misses.addAndGet(missing.size());
    if (!missing.isEmpty()) {
      List<float[]> fresh = delegate.embed(missing);
      synchronized (cache) {
        for (int k = 0; k < missing.size(); k++) {
          out[at.get(k)] = fresh.get(k);
          cache.put(missing.get(k), fresh.get(k));
        }
      }
    }
    return List.of(out);
  }

  public long hits() {
    return hits.get();
  }

  public long misses() {
    return misses.get();
  }

  public int size() {
    synchronized (cache) {
      return cache.size();
    }
  }
}
