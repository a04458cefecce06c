package io.jingzhi.guard.api;

/**
 * The security guardrail as other modules see it. The gateway checks every prompt before calling a model and
 * inspects every output; the reverse proxy does the same for existing AI apps. Every decision is recorded as a
 * guard event by the implementation, so callers do not record them.
 */
public interface Guard {

  /** Checks one text for the subject under the applicable policies. Never throws for bad text. */
  GuardVerdict check(GuardSubject subject, GuardRequest request);

  /** Starts the incremental inspection of one streamed output of a model call. */
  OutputGuard openOutput(GuardSubject subject);

  /**
   * The visible AI-generated-content label (GB 45438-2025 explicit label) to add to generated text for the subject,
   * or {@code null} when visible labelling is off. Implicit labels (metadata) are always added by callers.
   */
  String visibleLabel(GuardSubject subject);
}
