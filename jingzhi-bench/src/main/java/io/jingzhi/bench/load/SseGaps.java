package io.jingzhi.bench.load;

import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;

/**
 * Whether token events reach a client one by one: starts an in-process simulator (TTFT 50 ms, {@code --itl-ms}
 * between tokens, 16 tokens, as {@code BenchmarkIT}), reads {@code --rounds} rounds of {@code --concurrency}
 * streams straight from it with the JDK HttpClient and prints the gaps between content events: median, p10 and
 * the share under 1 ms (two events read together). Nagle's algorithm on the server pairs events; the simulator
 * turns it off unless the JVM says otherwise, so compare
 *
 * <pre>
 * java -cp jingzhi-benchmarks.jar io.jingzhi.bench.load.SseGaps
 * java -Dsun.net.httpserver.nodelay=false -cp jingzhi-benchmarks.jar io.jingzhi.bench.load.SseGaps
 * </pre>
 */
public final class SseGaps {

  private SseGaps() {}

  public static void main(String[] argv) throws Exception {
    long itl = 5;
    int rounds = 10;
    int concurrency = 4;
    for (int i = 0; i + 1 < argv.length; i += 2) {
      switch (argv[i]) {
        case "--itl-ms" -> itl = Long.parseLong(argv[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(argv[i + 1]);
        case "--concurrency" -> concurrency = Integer.parseInt(argv[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + argv[i]);
      }
    }
    try (Simulator sim = Simulator.start(new SimulatorConfig(50, itl, 16, 0, 0, true, true, 16, List.of("sim")), 0)) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
      URI uri = URI.create(sim.baseUrl() + "/chat/completions");
      System.out.println("sun.net.httpserver.nodelay=" + System.getProperty("sun.net.httpserver.nodelay")
          + "  itl " + itl + " ms, " + rounds + " rounds of " + concurrency + " streams");
      for (String phase : List.of("warm-up", "measured")) {
        List<Double> gaps = Collections.synchronizedList(new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
          try (var streams = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
              streams.submit(() -> {
                gaps.addAll(read(http, uri));
                return null;
              });
            }
          }
        }
        double[] g = gaps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        long paired = Arrays.stream(g).filter(x -> x < 1.0).count();
        System.out.printf(Locale.ROOT, "%-8s gaps %d  median %.2f ms  p10 %.2f ms  under 1 ms %.1f%%%n", phase,
            g.length, g[g.length / 2], g[g.length / 10], 100.0 * paired / g.length);
      }
    }
  }

  private static List<Double> read(HttpClient http, URI uri) throws Exception {
    String body = "{\"model\":\"sim\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
    List<Double> gaps = new ArrayList<>();
    try (InputStream in = res.body()) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      long last = -1;
      String line;
      while ((line = reader.readLine()) != null && !line.equals("data: [DONE]")) {
        if (line.startsWith("data:") && line.contains("\"content\":\"")) {
          long now = System.nanoTime();
          if (last > 0) {
            gaps.add((now - last) / 1e6);
          }
          last = now;
        }
      }
      in.transferTo(OutputStream.nullOutputStream());
    }
    return gaps;
  }
}
