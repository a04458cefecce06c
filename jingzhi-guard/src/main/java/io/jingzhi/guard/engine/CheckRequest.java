package io.jingzhi.guard.engine;

import java.util.List;

/**
 * A text to check, with the earlier user turns of the conversation (oldest first) so that attacks built up
 * over several turns are seen, and the tenant whose lexicon applies ({@code null}: the global bank only).
 */
public record CheckRequest(String text, Direction direction, List<String> history, String tenant) {

  public CheckRequest {
    text = text == null ? "" : text;
    direction = direction == null ? Direction.INPUT : direction;
    history = history == null ? List.of() : List.copyOf(history);
  }

  public static CheckRequest input(String text) {
    return new CheckRequest(text, Direction.INPUT, List.of(), null);
  }

  public static CheckRequest output(String text) {
    return new CheckRequest(text, Direction.OUTPUT, List.of(), null);
  }
}
