package io.jingzhi.bench.load;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Checks a run against targets such as {@code errors<=0,ttft_p99_ms<=3000,rate_p50>=20,overhead_ttft_p50_ms<=1}
 * and says MET or MISSED with the measured value; the figures go into a report, never into a timed test.
 * Metrics apply to the last summary (the gateway); {@code overhead_*} compare it with the first (direct).
 */
final class Expectations {

  private Expectations() {}

  static String check(String spec, List<LoadSummary> summaries) {
    if (spec == null || spec.isBlank()) {
      return "";
    }
    LoadSummary gw = summaries.getLast();
    LoadSummary direct = summaries.getFirst();
    StringBuilder out = new StringBuilder();
    for (String term : spec.split(",")) {
      String t = term.strip();
      boolean atMost = t.contains("<=");
      String[] parts = t.split(atMost ? "<=" : ">=");
      String metric = parts[0].strip();
      double limit = Double.parseDouble(parts[1].strip());
      double value = value(metric, gw, direct);
      boolean met = atMost ? value <= limit : value >= limit;
      out.append(String.format("target %s %s %s: measured %.2f -> %s%n", metric, atMost ? "<=" : ">=",
          parts[1].strip(), value, met ? "MET" : "MISSED"));
    }
    return out.toString();
  }

  private static double value(String metric, LoadSummary gw, LoadSummary direct) {
    ToDoubleFunction<LoadSummary> f = switch (metric.replace("overhead_", "")) {
      case "errors" -> s -> s.errorCount();
      case "errors_before_first_token" -> s -> s.failedBeforeFirstToken;
      case "ttft_p50_ms" -> s -> s.ttftMs(50);
      case "ttft_p90_ms" -> s -> s.ttftMs(90);
      case "ttft_p99_ms" -> s -> s.ttftMs(99);
      case "itl_p50_ms" -> s -> s.itlMs(50);
      case "itl_p99_ms" -> s -> s.itlMs(99);
      case "rate_p50" -> s -> s.rate(50);
      case "rate_p10" -> s -> s.rate(10);
      default -> throw new IllegalArgumentException("unknown metric " + metric);
    };
    return metric.startsWith("overhead_") ? f.applyAsDouble(gw) - f.applyAsDouble(direct) : f.applyAsDouble(gw);
  }
}
