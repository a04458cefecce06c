package io.jingzhi.guard.answer;

import io.jingzhi.guard.engine.decode.Normalizer;
import java.util.HashMap;
import java.util.Map;

/**
 * Lexical similarity of short texts for canned-answer matching when no embedding model is at hand: the Dice
 * coefficient of their character-bigram multisets, after width folding, traditional → simplified conversion and
 * removal of spaces and punctuation. Robust to small rewordings of Chinese questions; blind to synonyms.
 */
final class Similarity {

  private Similarity() {}

  /** Bigram counts of a text (a single character counts as its own gram). */
  static Map<String, Integer> grams(String text) {
    String s = Normalizer.compact(Normalizer.normalise(text == null ? "" : text));
    Map<String, Integer> out = new HashMap<>();
    int[] cps = s.codePoints().toArray();
    if (cps.length == 1) {
      out.put(s, 1);
    }
    for (int i = 0; i + 1 < cps.length; i++) {
      out.merge(new String(cps, i, 2), 1, Integer::sum);
    }
    return out;
  }

  static double dice(Map<String, Integer> a, Map<String, Integer> b) {
    int sizeA = a.values().stream().mapToInt(Integer::intValue).sum();
    int sizeB = b.values().stream().mapToInt(Integer::intValue).sum();
    if (sizeA == 0 || sizeB == 0) {
      return 0;
    }
    Map<String, Integer> small = a.size() <= b.size() ? a : b;
    Map<String, Integer> large = small == a ? b : a;
    int common = 0;
    for (var e : small.entrySet()) {
      common += Math.min(e.getValue(), large.getOrDefault(e.getKey(), 0));
    }
    return 2.0 * common / (sizeA + sizeB);
  }

  /** Cosine of two L2-normalised vectors (their dot product). */
  static double cosine(float[] a, float[] b) {
    if (a == null || b == null || a.length != b.length) {
      return 0;
    }
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot;
  }
}
