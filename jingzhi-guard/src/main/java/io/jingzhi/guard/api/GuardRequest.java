package io.jingzhi.guard.api;

import java.util.List;

/**
 * A text to check. {@code history} holds the earlier user turns of the conversation, oldest first, so that
 * attacks built up over several turns are recognised.
 */
public record GuardRequest(String text, GuardDirection direction, List<String> history) {

  public GuardRequest {
    text = text == null ? "" : text;
    direction = direction == null ? GuardDirection.INPUT : direction;
    history = history == null ? List.of() : List.copyOf(history);
  }

  public static GuardRequest input(String text, List<String> history) {
    return new GuardRequest(text, GuardDirection.INPUT, history);
  }

  public static GuardRequest output(String text) {
    return new GuardRequest(text, GuardDirection.OUTPUT, List.of());
  }
}
