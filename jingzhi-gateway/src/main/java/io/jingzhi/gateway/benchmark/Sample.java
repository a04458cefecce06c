package io.jingzhi.gateway.benchmark;

/**
 * What one measured request did. Times are in milliseconds; {@code startMs} and {@code endMs} are relative to
 * the start of the measured phase.
 *
 * @param ttftMs time from sending the request to the first content chunk (for a non-streamed request, the
 *     whole answer)
 * @param itlMs the gaps between successive content chunks
 * @param completionTokens the usage the gateway reported, or the number of content chunks when it reported none
 */
record Sample(boolean ok, String error, double startMs, double endMs, double ttftMs, double[] itlMs,
    int promptTokens, int completionTokens) {

  double e2eMs() {
    return endMs - startMs;
  }

  /**
   * Time per output token after the first, as vLLM defines it: {@code (e2e - ttft) / (output_tokens - 1)};
   * 0 for answers of at most one token (which vLLM leaves out of TPOT but counts as 0 for goodput).
   */
  double tpotMs() {
    return completionTokens > 1 ? (e2eMs() - ttftMs) / (completionTokens - 1) : 0;
  }

  static Sample failed(String error, double startMs, double endMs) {
    return new Sample(false, error, startMs, endMs, 0, new double[0], 0, 0);
  }
}
