package io.jingzhi.gateway.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the samples of a measured phase into results and a timeline, the way vLLM's benchmark does. */
final class BenchmarkStats {

  private static final double[] BUCKET_WIDTHS_S = {0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600};
  private static final int MAX_POINTS = 120;

  private BenchmarkStats() {}

  static BenchmarkResults results(int requested, List<Sample> samples, double durationS, Slo slo) {
    List<Sample> ok = samples.stream().filter(Sample::ok).toList();
    double seconds = durationS > 0 ? durationS : Double.MIN_VALUE;
    long input = ok.stream().mapToLong(Sample::promptTokens).sum();
    long output = ok.stream().mapToLong(Sample::completionTokens).sum();
    double[] ttft = ok.stream().mapToDouble(Sample::ttftMs).toArray();
    // vLLM leaves answers of one token out of TPOT (there is no "per output token after the first").
    double[] tpot = ok.stream().filter(s -> s.completionTokens() > 1).mapToDouble(Sample::tpotMs).toArray();
    double[] itl = ok.stream().flatMapToDouble(s -> Arrays.stream(s.itlMs())).toArray();
    double[] e2e = ok.stream().mapToDouble(Sample::e2eMs).toArray();
    Double goodput = slo == null || slo.isEmpty() ? null
        : round(ok.stream().filter(slo::met).count() / seconds);
    return new BenchmarkResults(requested, ok.size(), samples.size() - ok.size(), round(durationS),
        round(ok.size() / seconds), round(input / seconds), round(output / seconds),
        round((input + output) / seconds), goodput, input, output, Distribution.of(ttft), Distribution.of(tpot),
        Distribution.of(itl), Distribution.of(e2e), topErrors(samples));
  }

  static List<TimelinePoint> timeline(List<Sample> samples, double durationS) {
    double width = bucketWidth(durationS);
    int buckets = Math.max(1, (int) Math.ceil(durationS / width));
    int[] completedIn = new int[buckets];
    double[] tokens = new double[buckets];
    List<List<Double>> ttfts = new ArrayList<>();
    for (int i = 0; i < buckets; i++) {
      ttfts.add(new ArrayList<>());
    }
    for (Sample s : samples) {
      if (!s.ok()) {
        continue;
      }
      int end = bucket(s.endMs() / 1000, width, buckets);
      completedIn[end]++;
      ttfts.get(end).add(s.ttftMs());
      spread(tokens, s.completionTokens(), (s.startMs() + s.ttftMs()) / 1000, s.endMs() / 1000, width);
    }
    List<TimelinePoint> points = new ArrayList<>(buckets);
    int cumulative = 0;
    for (int i = 0; i < buckets; i++) {
      cumulative += completedIn[i];
      double[] t = ttfts.get(i).stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(t);
      points.add(new TimelinePoint(round(Math.min((i + 1) * width, Math.max(durationS, width))), cumulative,
          t.length == 0 ? null : round(Distribution.percentile(t, 50)), round(tokens[i] / width)));
    }
    return points;
  }

  static double bucketWidth(double durationS) {
    for (double w : BUCKET_WIDTHS_S) {
      if (durationS / w <= MAX_POINTS) {
        return w;
      }
    }
    return Math.ceil(durationS / MAX_POINTS);
  }

  /** Adds {@code n} tokens evenly over [from, to] seconds. */
  private static void spread(double[] tokens, int n, double from, double to, double width) {
    int buckets = tokens.length;
    if (n <= 0) {
      return;
    }
    if (to <= from) {
      tokens[bucket(to, width, buckets)] += n;
      return;
    }
    double perSecond = n / (to - from);
    for (int b = bucket(from, width, buckets); b <= bucket(to, width, buckets); b++) {
      double overlap = Math.min(to, (b + 1) * width) - Math.max(from, b * width);
      if (overlap > 0) {
        tokens[b] += overlap * perSecond;
      }
    }
  }

  private static int bucket(double seconds, double width, int buckets) {
    return Math.clamp((int) Math.floor(seconds / width), 0, buckets - 1);
  }

  private static Map<String, Integer> topErrors(List<Sample> samples) {
    Map<String, Integer> counts = new HashMap<>();
    samples.stream().filter(s -> !s.ok()).forEach(s -> counts.merge(String.valueOf(s.error()), 1, Integer::sum));
    Map<String, Integer> top = new LinkedHashMap<>();
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
        .forEach(e -> top.put(e.getKey(), e.getValue()));
    return top;
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
