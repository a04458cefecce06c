package io.jingzhi.gateway.benchmark;

/** Service-level objectives for goodput, in milliseconds; a null objective is not checked. */
public record Slo(Double ttftMs, Double tpotMs, Double e2eMs) {

  boolean isEmpty() {
    return ttftMs == null && tpotMs == null && e2eMs == null;
  }

  /** Whether a successful request met every objective (vLLM: {@code <=} on each). */
  boolean met(Sample s) {
    return (ttftMs == null || s.ttftMs() <= ttftMs) && (tpotMs == null || s.tpotMs() <= tpotMs)
        && (e2eMs == null || s.e2eMs() <= e2eMs);
  }
}
