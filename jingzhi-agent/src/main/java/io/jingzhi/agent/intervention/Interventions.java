package io.jingzhi.agent.intervention;

import io.jingzhi.iam.api.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Intervention (干预) before any model runs: an app's curated question → answer pairs (returned when the query is
 * similar enough) and its scripted replies by rule. The run service asks it first for every chat turn.
 *
 * <p>Order: a curated pair whose normalized question equals the normalized query always wins; then the rules in
 * priority order; then the curated pair most similar to the query (cosine of bge-small-zh-v1.5 vectors) at or above
 * the app's threshold. Nothing applies when the app's intervention is disabled.
 */
@Service
public class Interventions {

  private static final Logger log = LoggerFactory.getLogger(Interventions.class);

  /** The reply that replaces the run, and why. */
  public record Intervened(String answer, String kind, long id, double similarity) {}

  private final InterventionRepository repository;
  private final QaIndex index;

  Interventions(InterventionRepository repository, QaIndex index) {
    this.repository = repository;
    this.index = index;
  }

  /**
   * The intervention for this query of this app, if any: {@code kind} is {@code qa} (a curated pair above the app's
   * similarity threshold) or {@code rule} (a scripted reply whose rule matched).
   */
  public Optional<Intervened> before(Caller caller, long appId, String query) {
    if (query == null || query.isBlank()) {
      return Optional.empty();
    }
    InterventionSettings settings = repository.settings(appId);
    if (!settings.enabled()) {
      return Optional.empty();
    }
    List<QaMatcher.Entry> pairs = index.entries(caller, appId);
    Optional<QaMatcher.Match> exact = QaMatcher.exact(pairs, query);
    if (exact.isPresent()) {
      return Optional.of(qa(exact.get()));
    }
    Optional<RuleMatcher.Compiled> rule = RuleMatcher.first(rules(appId), query);
    if (rule.isPresent()) {
      repository.ruleHit(rule.get().id());
      return Optional.of(new Intervened(rule.get().reply(), "rule", rule.get().id(), 1.0));
    }
    return QaMatcher.similar(pairs, query, settings.threshold(), q -> index.embed(caller, q)).map(this::qa);
  }

  private Intervened qa(QaMatcher.Match m) {
    repository.pairHit(m.id());
    return new Intervened(m.answer(), "qa", m.id(), m.similarity());
  }

  /** The enabled rules compiled; a stored rule that no longer compiles is skipped (and logged), never fatal. */
  private List<RuleMatcher.Compiled> rules(long appId) {
    List<RuleMatcher.Compiled> out = new ArrayList<>();
    for (Rule r : repository.rules(appId)) {
      if (!r.enabled()) {
        continue;
      }
      try {
        out.add(RuleMatcher.compile(r.id(), r.priority(), r.match(), r.pattern(), r.reply()));
      } catch (IllegalArgumentException e) {
        log.warn("Intervention rule {} of app {} is skipped: {}", r.id(), appId, e.getMessage());
      }
    }
    return out;
  }
}
