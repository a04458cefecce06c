package io.jingzhi.simulator;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The request parameters that shape what the simulated model generates, besides the text itself: {@code n} (how
 * many choices) and {@code stop} (strings that end a choice before they would appear), checked the way OpenAI
 * checks them. Empty stop strings are ignored: they would end every answer before its first character.
 *
 * @param n choices to generate, 1 to {@value #MAX_N}
 * @param stop the stop strings, at most {@value #MAX_STOP}
 */
record Sampling(int n, List<String> stop) {

  /** The most choices one request may ask for (OpenAI allows 128; a simulator has no use for so many). */
  static final int MAX_N = 16;

  /** The most stop strings one request may give, as in OpenAI's API. */
  static final int MAX_STOP = 4;

  /** What one choice generates: the tokens sent, in order, and why generation ended. */
  record Output(List<String> tokens, String finishReason) {}

  Sampling {
    stop = List.copyOf(stop);
  }

  /** The parameters of a chat request; a {@link Simulator.BadRequest} naming the field if one is invalid. */
  static Sampling of(JsonNode body) {
    return new Sampling(n(body.path("n")), stop(body.path("stop")));
  }

  private static int n(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return 1;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1 || n.asInt() > MAX_N) {
      throw new Simulator.BadRequest("n must be an integer from 1 to " + MAX_N + ", got " + n, "n");
    }
    return n.asInt();
  }

  private static List<String> stop(JsonNode stop) {
    if (stop.isMissingNode() || stop.isNull()) {
      return List.of();
    }
    if (stop.isString()) {
      return stop.asString().isEmpty() ? List.of() : List.of(stop.asString());
    }
    if (!stop.isArray() || stop.size() > MAX_STOP) {
      throw new Simulator.BadRequest("stop must be a string or an array of at most " + MAX_STOP + " strings", "stop");
    }
    List<String> all = new ArrayList<>();
    for (JsonNode s : stop) {
      if (!s.isString()) {
        throw new Simulator.BadRequest("stop must be a string or an array of at most " + MAX_STOP + " strings",
            "stop");
      }
      if (!s.asString().isEmpty()) {
        all.add(s.asString());
      }
    }
    return all;
  }

  /**
   * One choice of the text {@code tokens} would make: cut to {@code max} tokens (finish reason {@code length}), then
   * before the first occurrence of any stop string (finish reason {@code stop}). A stop string that starts inside a
   * token leaves that token's part before it, which is sent and counted as a token, as a model server sends the
   * text it has decoded up to the stop string.
   */
  Output generate(List<String> tokens, int max) {
    int kept = Math.max(0, Math.min(tokens.size(), max));
    List<String> out = tokens.subList(0, kept);
    String finish = kept < tokens.size() ? "length" : "stop";
    int cut = firstStop(String.join("", out));
    if (cut < 0) {
      return new Output(out, finish);
    }
    List<String> sent = new ArrayList<>();
    int at = 0;
    for (String token : out) {
      if (at + token.length() > cut) {
        if (cut > at) {
          sent.add(token.substring(0, cut - at));
        }
        break;
      }
      sent.add(token);
      at += token.length();
    }
    return new Output(List.copyOf(sent), "stop");
  }

  private int firstStop(String text) {
    int first = -1;
    for (String s : stop) {
      int at = text.indexOf(s);
      if (at >= 0 && (first < 0 || at < first)) {
        first = at;
      }
    }
    return first;
  }
}
