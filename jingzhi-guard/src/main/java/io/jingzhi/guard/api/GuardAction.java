package io.jingzhi.guard.api;

/**
 * What the guard decided for a text: let it pass, pass it with personal data masked, refuse it with a refusal
 * text, or answer in the model's place with a curated standard answer (代答).
 */
public enum GuardAction {
  ALLOW,
  MASK,
  BLOCK,
  ANSWER;

  /** Whether the text must not reach its destination (the model for inputs, the client for outputs). */
  public boolean stops() {
    return this == BLOCK || this == ANSWER;
  }
}
