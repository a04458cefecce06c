package io.jingzhi.agent.intervention;

import java.text.Normalizer;
import java.util.Locale;

/** Text normalization for matching queries: how two ways of writing the same question become equal. */
final class Texts {

  private Texts() {}

  /**
   * Full-width forms folded (NFKC), lower-cased, spaces and punctuation (Chinese included) removed:
   * {@code "社保卡 怎么补办？"} and {@code "社保卡怎么补办"} are the same question.
   */
  static String normalize(String text) {
    if (text == null) {
      return "";
    }
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return s.replaceAll("[\\p{P}\\p{S}\\p{Z}\\s]+", "");
  }

  static double cosine(float[] a, float[] b) {
    if (a == null || b == null || a.length != b.length || a.length == 0) {
      return 0;
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
