package io.jingzhi.guard.api;

import java.util.List;

/**
 * A text to check. {@code history} holds the earlier user turns of the conversation, oldest first, so that
 * attacks built up over several turns are recognised.
 *
 * @param secondary a text that accompanies the main one of a call (an earlier turn, a system or tool message, one of
 *     many embedding inputs): checked with the rules only (no classifier), so a long conversation costs rules time
 *     per message, and recorded as a guard event only when something was found or done, so resending a clean
 *     conversation does not repeat its events
 * @param mayStop whether the verdict may stop the call; when false (texts the caller vouches for, such as an app
 *     owner's system prompt) a blocking decision is recorded as found but only masks the personal data in the text
 */
public record GuardRequest(String text, GuardDirection direction, List<String> history, boolean secondary,
    boolean mayStop) {

  public GuardRequest {
    text = text == null ? "" : text;
    direction = direction == null ? GuardDirection.INPUT : direction;
    history = history == null ? List.of() : List.copyOf(history);
  }

  /** A main text that the verdict may stop (the shape before secondary texts existed). */
  public GuardRequest(String text, GuardDirection direction, List<String> history) {
    this(text, direction, history, false, true);
  }

  public static GuardRequest input(String text, List<String> history) {
    return new GuardRequest(text, GuardDirection.INPUT, history);
  }

  /** A secondary input (see {@link #secondary()}); {@code mayStop} false only masks. */
  public static GuardRequest secondaryInput(String text, boolean mayStop) {
    return new GuardRequest(text, GuardDirection.INPUT, List.of(), true, mayStop);
  }

  public static GuardRequest output(String text) {
    return new GuardRequest(text, GuardDirection.OUTPUT, List.of());
  }
}
