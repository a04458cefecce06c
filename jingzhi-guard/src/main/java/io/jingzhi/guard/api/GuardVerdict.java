package io.jingzhi.guard.api;

import java.util.List;

/**
 * The guard's decision on one text.
 *
 * @param action what to do; when {@link #enforced()} is false the policy only monitors and the caller proceeds as
 *     if the action were {@code ALLOW} (the decision is still recorded)
 * @param riskLevel {@code none}, {@code low}, {@code medium} or {@code high}
 * @param categories TC260-003 risk-type codes, {@code prompt-attack} and {@code A.4.6} (personal information)
 * @param text the text to pass on: masked when the action is {@code MASK}, otherwise the original
 * @param answer for {@code BLOCK} the refusal text, for {@code ANSWER} the standard answer; otherwise null
 * @param policy code of the policy that decided, or null for the built-in defaults
 * @param eventId id of the recorded guard event, for tracing
 * @param redirect for a {@code BLOCK} by a redirect policy, the URL the reverse proxy sends the user to; else null
 * @param alert the deciding policy flags this decision as an alert (the text passes; operators are told)
 */
public record GuardVerdict(
    GuardAction action,
    String riskLevel,
    List<String> categories,
    String text,
    String answer,
    List<GuardFinding> matched,
    String policy,
    boolean enforced,
    String eventId,
    String redirect,
    boolean alert) {

  public GuardVerdict {
    categories = categories == null ? List.of() : List.copyOf(categories);
    matched = matched == null ? List.of() : List.copyOf(matched);
  }

  /** A verdict without redirect and alert flag (the shape before policies could redirect or alert). */
  public GuardVerdict(GuardAction action, String riskLevel, List<String> categories, String text, String answer,
      List<GuardFinding> matched, String policy, boolean enforced, String eventId) {
    this(action, riskLevel, categories, text, answer, matched, policy, enforced, eventId, null, false);
  }

  /** The same verdict under another event id (set once the decision is recorded). */
  public GuardVerdict withEventId(String id) {
    return new GuardVerdict(action, riskLevel, categories, text, answer, matched, policy, enforced, id, redirect,
        alert);
  }

  /** A verdict that lets the text pass untouched (guard off or nothing found). */
  public static GuardVerdict allow(String text) {
    return new GuardVerdict(GuardAction.ALLOW, "none", List.of(), text, null, List.of(), null, true, null);
  }

  /** Whether the caller must stop the text and reply with {@link #answer()} instead. */
  public boolean stops() {
    return enforced && action.stops();
  }

  /** Whether the caller must pass {@link #text()} (masked) instead of the original. */
  public boolean masks() {
    return enforced && action == GuardAction.MASK;
  }
}
