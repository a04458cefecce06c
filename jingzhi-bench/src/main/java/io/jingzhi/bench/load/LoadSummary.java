package io.jingzhi.bench.load;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** The figures of one phase of a load run: percentiles of TTFT, inter-token time and per-stream rate, errors. */
final class LoadSummary {

  final String label;
  final String target;
  final int concurrency;
  final long wallNanos;
  final Histogram ttft = new Histogram(3_600_000_000L, 3); // microseconds
  final Histogram itl;
  final Histogram rate = new Histogram(10_000_000L, 3); // hundredths of a token per second
  final Histogram e2e = new Histogram(3_600_000_000L, 3); // microseconds
  final Map<String, Integer> errors = new TreeMap<>();
  long requests;
  long ok;
  long failedBeforeFirstToken;
  long brokenAfterFirstToken;
  long tokens;
  long chars;

  LoadSummary(String label, String target, int concurrency, long wallNanos, List<StreamOutcome> outcomes,
      Histogram itl) {
    this.label = label;
    this.target = target;
    this.concurrency = concurrency;
    this.wallNanos = wallNanos;
    this.itl = itl;
    for (StreamOutcome o : outcomes) {
      requests++;
      tokens += o.tokens();
      chars += o.chars();
      if (o.started()) {
        ttft.recordValue(o.ttftNanos() / 1000);
      }
      if (o.ok()) {
        ok++;
        e2e.recordValue((o.end() - o.start()) / 1000);
        if (o.rate() > 0) {
          // A starved client can read a whole stream at once: an absurd rate, kept at the histogram's top.
          rate.recordValue(Math.min(Math.round(o.rate() * 100), rate.getHighestTrackableValue()));
        }
      } else {
        errors.merge(o.error(), 1, Integer::sum);
        if (o.started()) {
          brokenAfterFirstToken++;
        } else {
          failedBeforeFirstToken++;
        }
      }
    }
  }

  long errorCount() {
    return requests - ok;
  }

  static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  double ttftMs(double p) {
    return ms(ttft, p);
  }

  double itlMs(double p) {
    return ms(itl, p);
  }

  /** Per-stream rate at a percentile (low percentiles are the slow streams). */
  double rate(double p) {
    return rate.getTotalCount() == 0 ? Double.NaN : rate.getValueAtPercentile(p) / 100.0;
  }

  String text() {
    double wall = wallNanos / 1e9;
    return String.format("""
        == %s -> %s (concurrency %d)
        requests %d, ok %d, errors %d (before first token %d, broken after first token %d) %s
        wall %.1f s, %.1f req/s, %.0f tokens/s in total
        TTFT ms      p50 %8.1f  p90 %8.1f  p99 %8.1f  max %8.1f
        ITL ms       p50 %8.1f  p90 %8.1f  p99 %8.1f  max %8.1f
        rate tok/s   p50 %8.1f  p10 %8.1f  p1  %8.1f  min %8.1f   (per stream, after the first token)
        e2e ms       p50 %8.1f  p99 %8.1f
        """, label, target, concurrency, requests, ok, errorCount(), failedBeforeFirstToken, brokenAfterFirstToken,
        errors.isEmpty() ? "" : errors, wall, requests / wall, tokens / wall,
        ttftMs(50), ttftMs(90), ttftMs(99), ms(ttft, 100), itlMs(50), itlMs(90), itlMs(99), ms(itl, 100),
        rate(50), rate(10), rate(1), rate.getTotalCount() == 0 ? Double.NaN : rate.getMinValue() / 100.0,
        ms(e2e, 50), ms(e2e, 99));
  }

  /** Tokens received per second of wall time, over all streams. */
  double tokensPerSecond() {
    return tokens / (wallNanos / 1e9);
  }

  /** Content characters received per second of wall time, over all streams. */
  double charsPerSecond() {
    return chars / (wallNanos / 1e9);
  }

  static String markdownHeader() {
    return """
        | phase | concurrency | requests | errors (before 1st token / after) | TTFT p50 / p90 / p99 ms | ITL p50 / p99 ms | rate p50 / p10 tok/s | tokens/s |
        |---|---:|---:|---|---|---|---|---:|
        """;
  }

  String markdownRow() {
    return String.format("| %s | %d | %d | %d (%d / %d)%s | %.1f / %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.0f |%n",
        label, concurrency, requests, errorCount(), failedBeforeFirstToken, brokenAfterFirstToken,
        errors.isEmpty() ? "" : " " + errors, ttftMs(50), ttftMs(90), ttftMs(99), itlMs(50), itlMs(99), rate(50),
        rate(10), tokensPerSecond());
  }
}
