package io.jingzhi.bench.load;

/**
 * What one streaming request measured. Times are {@link System#nanoTime()} values; {@code firstToken} and
 * {@code lastToken} are 0 when no token arrived.
 *
 * @param error null for a stream that ended with {@code [DONE]}; otherwise a short kind ({@code http-503},
 *     {@code connect}, {@code error-event}, {@code no-done}, ...)
 * @param tokens content chunks received (the simulator sends one token a chunk)
 * @param chars content characters received (comparable when a gateway merges tokens into fewer chunks)
 * @param firstChars content characters of the first content chunk
 * @param usageTokens {@code usage.completion_tokens} of the stream's usage chunk, or -1 when none came
 */
record StreamOutcome(long start, long firstToken, long lastToken, long end, int tokens, String error, long chars,
    long firstChars, int usageTokens) {

  StreamOutcome(long start, long firstToken, long lastToken, long end, int tokens, String error) {
    this(start, firstToken, lastToken, end, tokens, error, 0, 0, -1);
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

  /**
   * Decode rate of the stream after its first token, in tokens per second (0 when not measurable). Tokens are the
   * model's: with a usage chunk, its completion tokens in proportion to the content characters that came after the
   * first chunk (a gateway may merge several tokens into one chunk, so chunks undercount them); without one, the
   * content chunks after the first (the simulator sends one token a chunk).
   */
  double rate() {
    if (lastToken <= firstToken) {
      return 0;
    }
    double after = usageTokens > 0 && chars > 0 ? usageTokens * (double) (chars - firstChars) / chars : tokens - 1;
    return after > 0 ? after * 1e9 / (lastToken - firstToken) : 0;
  }
}
