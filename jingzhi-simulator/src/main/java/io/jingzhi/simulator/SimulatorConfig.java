package io.jingzhi.simulator;

import java.util.List;

/**
 * How the simulated model server behaves. Every field can be changed while it runs ({@code PUT /sim/config})
 * and most can be overridden per request with {@code X-Sim-*} headers.
 *
 * @param ttftMs time to first token
 * @param interTokenMs delay between streamed tokens
 * @param outputTokens tokens generated when the request sets no smaller {@code max_tokens}
 * @param failureRate share of requests answered 500 before any byte (0..1)
 * @param midStreamFailureRate share of streams cut off half-way without a final event (0..1)
 * @param reportUsage whether usage is reported (non-streaming always; streaming when asked via stream_options)
 * @param acceptStreamOptions false simulates an upstream that rejects the {@code stream_options} field with 400
 * @param embeddingDimensions length of the vectors of {@code /v1/embeddings}
 */
public record SimulatorConfig(
    long ttftMs,
    long interTokenMs,
    int outputTokens,
    double failureRate,
    double midStreamFailureRate,
    boolean reportUsage,
    boolean acceptStreamOptions,
    int embeddingDimensions,
    List<String> models) {

  public static SimulatorConfig defaults() {
    return new SimulatorConfig(200, 40, 64, 0, 0, true, true, 64, List.of("sim-chat"));
  }

  public SimulatorConfig {
    if (failureRate < 0 || failureRate > 1 || midStreamFailureRate < 0 || midStreamFailureRate > 1) {
      throw new IllegalArgumentException("failure rates must be between 0 and 1");
    }
    if (ttftMs < 0 || interTokenMs < 0 || outputTokens < 0 || embeddingDimensions < 2) {
      throw new IllegalArgumentException("delays and sizes must not be negative; embeddings need 2+ dimensions");
    }
    models = List.copyOf(models);
  }

  public SimulatorConfig withFailureRate(double rate) {
    return new SimulatorConfig(ttftMs, interTokenMs, outputTokens, rate, midStreamFailureRate, reportUsage,
        acceptStreamOptions, embeddingDimensions, models);
  }

  public SimulatorConfig withTiming(long ttft, long interToken, int tokens) {
    return new SimulatorConfig(ttft, interToken, tokens, failureRate, midStreamFailureRate, reportUsage,
        acceptStreamOptions, embeddingDimensions, models);
  }
}
