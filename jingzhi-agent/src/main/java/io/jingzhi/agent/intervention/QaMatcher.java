package io.jingzhi.agent.intervention;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the curated pair answering a query among an app's pairs: a pair whose normalized question equals the
 * normalized query always wins (no model needed); otherwise the pair whose question vector is most similar to the
 * query's, when that similarity reaches the app's threshold.
 */
final class QaMatcher {

  /** A pair as the matcher holds it: the vector is null until embedded. */
  record Entry(long id, String normalized, String answer, float[] vector) {}

  /** The pair that answers, and how similar its question is (1 for an exact match). */
  record Match(long id, String answer, double similarity) {}

  private QaMatcher() {}

  static Optional<Match> exact(List<Entry> entries, String query) {
    String n = Texts.normalize(query);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    return entries.stream().filter(e -> e.normalized().equals(n)).findFirst()
        .map(e -> new Match(e.id(), e.answer(), 1.0));
  }

  /**
   * The most similar pair at or above {@code threshold}; {@code embed} gives the query's vector (called only when
   * some entry has a vector).
   */
  static Optional<Match> similar(List<Entry> entries, String query, double threshold,
      Function<String, float[]> embed) {
    if (entries.stream().noneMatch(e -> e.vector() != null)) {
      return Optional.empty();
    }
    float[] q = embed.apply(query);
    Match best = null;
    for (Entry e : entries) {
      double s = Texts.cosine(q, e.vector());
      if (s >= threshold && (best == null || s > best.similarity())) {
        best = new Match(e.id(), e.answer(), s);
      }
    }
    return Optional.ofNullable(best);
  }
}
