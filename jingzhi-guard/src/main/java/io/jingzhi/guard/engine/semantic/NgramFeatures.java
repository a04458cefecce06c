package io.jingzhi.guard.engine.semantic;

import java.util.Arrays;

/**
 * fastText-style hashed character n-grams (1–3 code points) of a prepared text: the classifier's cheap first stage
 * reads these instead of an embedding. Every occurrence of an n-gram hashes to one of {@link #DIM} buckets; a text's
 * feature vector is its bucket counts divided by √(number of occurrences), so scoring is one table look-up per
 * occurrence (a 2,000-character text: ~6,000 look-ups in a 1 MB table, ~0.4 ms) and no allocation beyond the code
 * points.
 */
final class NgramFeatures {

  static final int BITS = 18;
  static final int DIM = 1 << BITS;
  static final int MAX_N = 3;

  private NgramFeatures() {}

  /** The linear score {@code bias + w·x} of a text without building its feature vector. */
  static double score(float[] weights, double bias, String text) {
    int[] cp = text.codePoints().toArray();
    double sum = 0;
    int count = 0;
    for (int i = 0; i < cp.length; i++) {
      int h = 0x9E3779B9;
      for (int n = 1; n <= MAX_N && i + n <= cp.length; n++) {
        h = mix(h, cp[i + n - 1]);
        sum += weights[bucket(h, n)];
        count++;
      }
    }
    return count == 0 ? bias : bias + sum / Math.sqrt(count);
  }

  /** The sparse feature vector: sorted distinct bucket indices and their values (for training). */
  static Sparse of(String text) {
    int[] cp = text.codePoints().toArray();
    int[] all = new int[cp.length * MAX_N];
    int count = 0;
    for (int i = 0; i < cp.length; i++) {
      int h = 0x9E3779B9;
      for (int n = 1; n <= MAX_N && i + n <= cp.length; n++) {
        h = mix(h, cp[i + n - 1]);
        all[count++] = bucket(h, n);
      }
    }
    int[] sorted = Arrays.copyOf(all, count);
    Arrays.sort(sorted);
    int[] idx = new int[count];
    float[] val = new float[count];
    int distinct = 0;
    double scale = count == 0 ? 0 : 1 / Math.sqrt(count);
    for (int i = 0; i < count; i++) {
      if (distinct > 0 && idx[distinct - 1] == sorted[i]) {
        val[distinct - 1] += (float) scale;
      } else {
        idx[distinct] = sorted[i];
        val[distinct++] = (float) scale;
      }
    }
    return new Sparse(Arrays.copyOf(idx, distinct), Arrays.copyOf(val, distinct));
  }

  /** Sparse row: distinct indices in ascending order and their values. */
  record Sparse(int[] index, float[] value) {
    double dot(double[] w) {
      double s = 0;
      for (int i = 0; i < index.length; i++) {
        s += w[index[i]] * value[i];
      }
      return s;
    }
  }

  private static int mix(int h, int codePoint) {
    h ^= codePoint;
    h *= 0x01000193;
    h ^= h >>> 15;
    h *= 0x2C1B3C6D;
    return h ^ (h >>> 13);
  }

  private static int bucket(int h, int n) {
    int x = h + n * 0x632BE5AB;
    x ^= x >>> 16;
    x *= 0x85EBCA6B;
    x ^= x >>> 13;
    return x & (DIM - 1);
  }
}
