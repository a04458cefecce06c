package io.jingzhi.guard.engine;

import java.util.List;

/**
 * A text to check, with the earlier user turns of the conversation (oldest first) so that attacks built up
 * over several turns are seen, and the tenant whose lexicon applies ({@code null}: the global bank only).
 * {@code rulesOnly} skips the semantic classifier — for the many small windows of a streamed output, whose whole
 * text is classified once at the end.
 */
public record CheckRequest(String text, Direction direction, List<String> history, String tenant,
    boolean rulesOnly) {

  public CheckRequest(String text, Direction direction, List<String> history, String tenant) {
    this(text, direction, history, tenant, false);
  }

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
