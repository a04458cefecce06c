package io.jingzhi.gateway.benchmark;

import java.util.Map;

/**
 * The figures of a finished (or cancelled) run, over the measured requests only; warm-up requests are left out.
 * Metric definitions follow vLLM's {@code benchmark_serving.py}; see docs/gateway-benchmark.md.
 *
 * @param requests measured requests the run was asked to send
 * @param completed measured requests that succeeded
 * @param failed measured requests that failed
 * @param durationS wall time of the measured phase
 * @param goodput successful requests per second that met every SLO; null without SLOs
 * @param errors the most frequent failure messages with their counts
 */
public record BenchmarkResults(int requests, int completed, int failed, double durationS, double requestThroughput,
    double inputTokenThroughput, double outputTokenThroughput, double totalTokenThroughput, Double goodput,
    long totalInputTokens, long totalOutputTokens, Distribution ttftMs, Distribution tpotMs, Distribution itlMs,
    Distribution e2eMs, Map<String, Integer> errors) {}
