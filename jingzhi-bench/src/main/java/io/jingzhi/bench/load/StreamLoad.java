package io.jingzhi.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Load generator for OpenAI-compatible streaming chat: N concurrent streams (a fixed number of requests, or a
 * closed loop for a duration), each timed as a client sees it — time to first token, inter-token times, tokens,
 * per-stream rate, errors split into "failed before the first token" and "broken after it".
 *
 * <p>With {@code --baseline-url} it measures a second target (the model server called directly) in alternating
 * rounds of the same run, and reports the gateway's added latency as the difference of the two. {@code --names
 * "guard off,guard on"} names the baseline and the target otherwise (default {@code direct,gateway}), e.g. when both
 * are gateways, one with the security guard on and one with it off.
 *
 * <pre>
 * java -cp jingzhi-benchmarks.jar io.jingzhi.bench.load.StreamLoad --url http://127.0.0.1:18081/v1 \
 *     --key sk-... --model sim-chat --concurrency 1000 --duration 60s [--baseline-url http://127.0.0.1:19001/v1]
 * </pre>
 *
 * Only loopback targets are accepted unless {@code --allow-remote} is given: a load test is aimed on purpose.
 * {@code --client nio} (default) drives every stream from one selector thread ({@link NioStreamClient});
 * {@code --client jdk} uses the JDK HTTP client on virtual threads ({@link StreamClient}, several times the CPU).
 */
public final class StreamLoad {

  private StreamLoad() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = parse(argv);
    String url = required(a, "url");
    String baselineUrl = a.get("baseline-url");
    for (String u : baselineUrl == null ? List.of(url) : List.of(url, baselineUrl)) {
      if (!a.containsKey("allow-remote") && !u.matches("https?://(127\\.0\\.0\\.1|localhost|\\[::1])(:\\d+)?(/.*)?")) {
        throw new IllegalArgumentException(u + " is not a loopback address (use --allow-remote on purpose)");
      }
    }
    int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "10"));
    Duration duration = a.containsKey("duration") ? duration(a.get("duration")) : null;
    long requests = Long.parseLong(a.getOrDefault("requests", String.valueOf(concurrency)));
    Duration ramp = duration(a.getOrDefault("ramp", "0s"));
    int clients = Integer.parseInt(a.getOrDefault("clients", String.valueOf(Math.max(1, Math.min(8, concurrency / 200)))));
    int maxTokens = Integer.parseInt(a.getOrDefault("max-tokens", "0"));
    Duration timeout = duration(a.getOrDefault("timeout", "120s"));
    String label = a.getOrDefault("label", "load");
    int rounds = Integer.parseInt(a.getOrDefault("rounds", "1"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "0"));
    String[] names = a.getOrDefault("names", "direct,gateway").split(",", 2);

    String kind = a.getOrDefault("client", "nio");
    LoadClient gateway = LoadClient.of(kind, url, a.get("key"), a.getOrDefault("model", "sim-chat"), maxTokens,
        clients, timeout);
    LoadClient baseline = baselineUrl == null ? null : LoadClient.of(kind, baselineUrl, a.get("baseline-key"),
        a.getOrDefault("baseline-model", "sim-chat"), maxTokens, clients, timeout);
    Map<LoadClient, Phase> phases = new HashMap<>();
    if (warmup > 0) {
      for (LoadClient c : baseline == null ? List.of(gateway) : List.of(baseline, gateway)) {
        run(c, Math.min(concurrency, warmup), warmup, null, Duration.ZERO, new Phase(), false);
      }
      System.out.println("warm-up done (" + warmup + " requests per target)");
    }
    for (int r = 0; r < rounds; r++) {
      for (LoadClient c : baseline == null ? List.of(gateway) : List.of(baseline, gateway)) {
        Phase p = phases.computeIfAbsent(c, k -> new Phase());
        run(c, concurrency, requests, duration, ramp, p, a.containsKey("progress"));
      }
    }
    List<LoadSummary> summaries = new ArrayList<>();
    if (baseline != null) {
      summaries.add(phases.get(baseline).summary(label + " " + names[0], baseline.target(), concurrency));
    }
    summaries.add(phases.get(gateway).summary(label + (baseline != null ? " " + names[1] : ""), gateway.target(),
        concurrency));
    StringBuilder md = new StringBuilder(LoadSummary.markdownHeader());
    for (LoadSummary s : summaries) {
      System.out.print(s.text());
      md.append(s.markdownRow());
    }
    if (baseline != null) {
      String overhead = overhead(summaries.get(0), summaries.get(1), phases.get(baseline), phases.get(gateway),
          names);
      System.out.print(overhead);
      md.append('\n').append(overhead.replace("\n", "  \n"));
    }
    String verdict = Expectations.check(a.get("expect"), summaries);
    System.out.print(verdict);
    md.append('\n').append(verdict.replace("\n", "  \n"));
    if (a.containsKey("trace")) {
      writeTrace(Path.of(a.get("trace")), phases, baseline, gateway, names);
    }
    if (a.containsKey("md")) {
      Files.writeString(Path.of(a.get("md")), md + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    gateway.close();
    if (baseline != null) {
      baseline.close();
    }
  }

  /** The outcomes and inter-token gaps collected for one target over all its rounds. */
  static final class Phase {
    final ConcurrentLinkedQueue<StreamOutcome> outcomes = new ConcurrentLinkedQueue<>();
    final Histogram itl = new Histogram(60_000_000L, 3);
    final List<Double> roundTtftP50 = Collections.synchronizedList(new ArrayList<>());
    long wallNanos;

    LoadSummary summary(String label, String target, int concurrency) {
      return new LoadSummary(label, target, concurrency, wallNanos, List.copyOf(outcomes), itl);
    }
  }

  private static void run(LoadClient client, int concurrency, long requests, Duration duration, Duration ramp,
      Phase phase, boolean progress) throws Exception {
    long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    ConcurrentLinkedQueue<StreamOutcome> round = new ConcurrentLinkedQueue<>();
    AtomicLong errors = new AtomicLong();
    long t0 = System.nanoTime();
    long[] lastProgress = {t0};
    Histogram itl = new Histogram(60_000_000L, 2);
    client.run(concurrency, duration == null ? requests : Long.MAX_VALUE, deadline, ramp, itl, o -> {
      round.add(o);
      if (!o.ok()) {
        errors.incrementAndGet();
      }
    }, () -> {
      long now = System.nanoTime();
      if (progress && now - lastProgress[0] >= 10_000_000_000L) {
        lastProgress[0] = now;
        System.out.printf("  ... %s: %.0f s, %d done, %d errors%n", client.target(), (now - t0) / 1e9, round.size(),
            errors.get());
      }
    });
    phase.wallNanos += System.nanoTime() - t0;
    phase.itl.add(itl);
    Histogram ttft = new Histogram(3_600_000_000L, 3);
    round.stream().filter(StreamOutcome::started).forEach(o -> ttft.recordValue(o.ttftNanos() / 1000));
    phase.roundTtftP50.add(ttft.getTotalCount() == 0 ? Double.NaN : ttft.getValueAtPercentile(50) / 1000.0);
    phase.outcomes.addAll(round);
  }

  /**
   * One line per request ({@code --trace FILE}): target name, start (ms after the first request of that target),
   * TTFT ms (-1 without a token), end ms, error or {@code ok} — to see how latency moves over a run.
   */
  private static void writeTrace(Path file, Map<LoadClient, Phase> phases, LoadClient baseline, LoadClient gateway,
      String[] names) throws java.io.IOException {
    StringBuilder b = new StringBuilder("target start_ms ttft_ms end_ms outcome\n");
    for (LoadClient c : baseline == null ? List.of(gateway) : List.of(baseline, gateway)) {
      String name = c == baseline ? names[0] : names[1];
      List<StreamOutcome> all = new ArrayList<>(phases.get(c).outcomes);
      all.sort(java.util.Comparator.comparingLong(StreamOutcome::start));
      long t0 = all.isEmpty() ? 0 : all.get(0).start();
      for (StreamOutcome o : all) {
        b.append(String.format("%s %.1f %.1f %.1f %s%n", name.replace(' ', '_'), (o.start() - t0) / 1e6,
            o.started() ? o.ttftNanos() / 1e6 : -1.0, (o.end() - t0) / 1e6, o.ok() ? "ok" : o.error()));
      }
    }
    Files.writeString(file, b);
  }

  private static String overhead(LoadSummary direct, LoadSummary gw, Phase directPhase, Phase gwPhase,
      String[] names) {
    StringBuilder rounds = new StringBuilder();
    for (int i = 0; i < gwPhase.roundTtftP50.size(); i++) {
      rounds.append(String.format("%s%.2f", i == 0 ? "" : ", ",
          gwPhase.roundTtftP50.get(i) - directPhase.roundTtftP50.get(i)));
    }
    return String.format("""
        added TTFT (%2$s - %1$s, same run): p50 %3$+.2f ms, p90 %4$+.2f ms, p99 %5$+.2f ms; per round p50: [%6$s] ms
        added ITL p50 %7$+.2f ms; rate p50 %8$.1f vs %9$.1f tok/s %1$s; tokens/s %10$.0f vs %11$.0f %1$s
        content chars/s %12$.0f vs %13$.0f %1$s (tokens count content events; chars stay comparable when text is merged)
        """, names[0], names[1], gw.ttftMs(50) - direct.ttftMs(50), gw.ttftMs(90) - direct.ttftMs(90),
        gw.ttftMs(99) - direct.ttftMs(99), rounds, gw.itlMs(50) - direct.itlMs(50), gw.rate(50), direct.rate(50),
        gw.tokensPerSecond(), direct.tokensPerSecond(), gw.charsPerSecond(), direct.charsPerSecond());
  }

  static Duration duration(String s) {
    String v = s.strip().toLowerCase();
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    long n = Long.parseLong(v.substring(0, v.length() - 1));
    return switch (v.charAt(v.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      default -> throw new IllegalArgumentException("duration like 500ms, 30s or 10m: " + s);
    };
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + argv[i]);
      }
      String name = argv[i].substring(2);
      boolean flag = i + 1 >= argv.length || argv[i + 1].startsWith("--");
      a.put(name, flag ? "" : argv[++i]);
    }
    return a;
  }

  private static String required(Map<String, String> a, String name) {
    String v = a.get(name);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }
}
