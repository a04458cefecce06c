package io.jingzhi.bench.load;

/**
 * What one streaming request measured. Times are {@link System#nanoTime()} values; {@code firstToken} and
 * {@code lastToken} are 0 when no token arrived.
 *
 * @param error null for a stream that ended with {@code [DONE]}; otherwise a short kind ({@code http-503},
 *     {@code connect}, {@code error-event}, {@code no-done}, ...)
 * @param tokens content chunks received (the simulator sends one token a chunk)
 * @param chars content characters received (comparable when a gateway merges tokens into fewer chunks)
 */
record StreamOutcome(long start, long firstToken, long lastToken, long end, int tokens, String error, long chars) {

  StreamOutcome(long start, long firstToken, long lastToken, long end, int tokens, String error) {
    this(start, firstToken, lastToken, end, tokens, error, 0);
  }

  boolean ok() {
    return error == null;
  }

  /** Whether the client had received at least one token: a failure after that is a broken stream. */
  boolean started() {
    return firstToken != 0;
  }

  long ttftNanos() {
    return firstToken - start;
  }

  /** Decode rate of the stream after its first token, in tokens per second (0 when not measurable). */
  double rate() {
    return tokens > 1 && lastToken > firstToken ? (tokens - 1) * 1e9 / (lastToken - firstToken) : 0;
  }
}
