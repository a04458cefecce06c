package io.jingzhi.agent.intervention;

import io.jingzhi.iam.api.Caller;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Intervention (干预) before any model runs: an app's curated question → answer pairs (returned when the query is
 * similar enough) and its scripted replies by rule. The run service asks it first for every chat turn.
 *
 * <p>Contract skeleton: the intervention work of issue #6 fills it in.
 */
@Service
public class Interventions {

  /** The reply that replaces the run, and why. */
  public record Intervened(String answer, String kind, long id, double similarity) {}

  /**
   * The intervention for this query of this app, if any: {@code kind} is {@code qa} (a curated pair above the app's
   * similarity threshold) or {@code rule} (a scripted reply whose rule matched).
   */
  public Optional<Intervened> before(Caller caller, long appId, String query) {
    return Optional.empty();
  }
}
