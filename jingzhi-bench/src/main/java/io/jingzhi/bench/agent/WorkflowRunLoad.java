package io.jingzhi.bench.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.ConcurrentHistogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load on the run API of a running platform: N concurrent clients run a published 5-node workflow (start → template
 * → llm on a simulated model → template → answer) through {@code POST /api/v1/apps/{code}/run}, blocking, and the
 * same number of direct {@code /v1/chat/completions} calls to the same model through the same platform is the
 * baseline of the same command, so the report gives the workflow's cost as a ratio. Creates and publishes its app
 * first (as the signed-in user, in {@code --project}).
 *
 * <p>Usage: {@code java -cp jingzhi-benchmarks.jar io.jingzhi.bench.agent.WorkflowRunLoad --url http://127.0.0.1:8080
 * --user load --password ... --project loadtest --model load-chat [--concurrency 200] [--requests 1000]
 * [--md report.md]}
 */
public final class WorkflowRunLoad {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

  private WorkflowRunLoad(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** One phase's figures. */
  record Result(String name, int requests, int errors, String firstError, double seconds, ConcurrentHistogram ms) {
    double throughput() {
      return (requests - errors) / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = options(args);
    String url = a.getOrDefault("url", "http://127.0.0.1:8080");
    int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "200"));
    int requests = Integer.parseInt(a.getOrDefault("requests", Integer.toString(concurrency * 5)));
    String model = a.getOrDefault("model", "load-chat");
    String token = login(url, a.getOrDefault("user", "load"), a.get("password"));
    var load = new WorkflowRunLoad(url, token);
    String code = load.createApp(a.getOrDefault("project", "loadtest"), model);
    System.out.printf("app %s published; %d concurrent clients, %d requests per phase, %d cores%n", code,
        concurrency, requests, Runtime.getRuntime().availableProcessors());
    // Warm both paths (JIT, connection pools, compiled workflow cache) before measuring.
    load.phase("warm-up runs", concurrency, concurrency * 2, () -> load.run(code));
    load.phase("warm-up direct", concurrency, concurrency * 2, () -> load.direct(model));
    Result direct = load.phase("direct /v1/chat/completions", concurrency, requests, () -> load.direct(model));
    Result runs = load.phase("workflow runs", concurrency, requests, () -> load.run(code));
    String report = report(code, concurrency, direct, runs);
    System.out.println(report);
    if (a.containsKey("md")) {
      Files.writeString(Path.of(a.get("md")), report + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    if (runs.errors() > 0 || direct.errors() > 0) {
      System.exit(1);
    }
  }

  static String report(String code, int concurrency, Result direct, Result runs) {
    StringBuilder s = new StringBuilder();
    s.append("| ").append(concurrency).append(" concurrent | requests | errors | throughput /s | p50 ms | p95 ms")
        .append(" | p99 ms |\n|---|---|---|---|---|---|---|\n");
    for (Result r : List.of(direct, runs)) {
      s.append(String.format("| %s | %d | %d | %.1f | %d | %d | %d |%n", r.name(), r.requests(), r.errors(),
          r.throughput(), r.ms().getValueAtPercentile(50), r.ms().getValueAtPercentile(95),
          r.ms().getValueAtPercentile(99)));
    }
    s.append(String.format("%nRatios (workflow run / direct call, same run, app %s): p50 %.2f, p95 %.2f, p99 %.2f,"
        + " throughput %.2f%n", code, ratio(runs, direct, 50), ratio(runs, direct, 95), ratio(runs, direct, 99),
        runs.throughput() / direct.throughput()));
    for (Result r : List.of(direct, runs)) {
      if (r.firstError() != null) {
        s.append("First error of ").append(r.name()).append(": ").append(r.firstError()).append('\n');
      }
    }
    return s.toString();
  }

  private static double ratio(Result a, Result b, double percentile) {
    return (double) a.ms().getValueAtPercentile(percentile) / Math.max(1, b.ms().getValueAtPercentile(percentile));
  }

  /** A call that answers null on success, or why it failed. */
  interface Call {
    String call() throws Exception;
  }

  Result phase(String name, int concurrency, int requests, Call call) throws Exception {
    var histogram = new ConcurrentHistogram(3_600_000L, 3);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    long t0 = System.nanoTime();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < concurrency; c++) {
        workers.add(clients.submit(() -> {
          while (next.getAndIncrement() < requests) {
            long start = System.nanoTime();
            String error;
            try {
              error = call.call();
            } catch (Exception e) {
              error = e.toString();
            }
            histogram.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000_000));
            if (error != null) {
              errors.incrementAndGet();
              firstError.compareAndSet(null, error);
            }
          }
          return null;
        }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
    }
    return new Result(name, requests, errors.get(), firstError.get(), (System.nanoTime() - t0) / 1e9, histogram);
  }

  String run(String code) throws Exception {
    var res = post("/api/v1/apps/" + code + "/run", Map.of("inputs", Map.of("topic", "社保卡"), "query",
        "社保卡丢了怎么补办"));
    if (res.statusCode() != 200) {
      return res.statusCode() + " " + cut(res.body());
    }
    JsonNode body = JSON.readTree(res.body());
    return "succeeded".equals(body.path("status").asString()) && !body.path("answer").asString("").isBlank() ? null
        : "run " + cut(res.body());
  }

  String direct(String model) throws Exception {
    var res = post("/v1/chat/completions", Map.of("model", model, "messages", List.of(Map.of("role", "user",
        "content", "主题:社保卡 问:社保卡丢了怎么补办"))));
    return res.statusCode() == 200 ? null : res.statusCode() + " " + cut(res.body());
  }

  /** The 5-node workflow, created and published. */
  String createApp(String project, String model) throws Exception {
    String code = "load-flow-" + Long.toString(System.currentTimeMillis(), 36);
    List<Map<String, Object>> nodes = List.of(
        node("start", "start", Map.of("inputs", List.of(Map.of("name", "topic", "type", "string")))),
        node("prompt", "template", Map.of("template", "主题:{{start.topic}} 问:{{sys.query}}")),
        node("llm", "llm", Map.of("model", model, "prompt", "{{prompt.text}}")),
        node("format", "template", Map.of("template", "答:{{llm.text}}")),
        node("answer", "answer", Map.of("text", "{{format.text}}")));
    List<Map<String, Object>> edges = new ArrayList<>();
    for (int i = 1; i < nodes.size(); i++) {
      edges.add(Map.of("source", nodes.get(i - 1).get("id"), "target", nodes.get(i).get("id")));
    }
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("code", code);
    app.put("name", "压测工作流");
    app.put("type", "workflow");
    app.put("project", project);
    app.put("definition", Map.of("format", "jingzhi-workflow/1", "nodes", nodes, "edges", edges));
    expect(post("/api/v1/apps", app), 201, "create the app");
    var published = post("/api/v1/apps/" + code + "/publish", Map.of("note", "load test"));
    if (published.statusCode() / 100 != 2) {
      throw new IllegalStateException("publish the app: " + published.statusCode() + " " + published.body());
    }
    return code;
  }

  private static Map<String, Object> node(String id, String type, Map<String, Object> config) {
    return Map.of("id", id, "type", type, "title", id, "config", config);
  }

  private HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String login(String url, String user, String password) throws Exception {
    if (password == null) {
      throw new IllegalArgumentException("--password is required");
    }
    var http = HttpClient.newHttpClient();
    var res = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/auth/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            JSON.writeValueAsString(Map.of("username", user, "password", password)))).build(),
        HttpResponse.BodyHandlers.ofString());
    expect(res, 200, "sign in as " + user);
    return JSON.readTree(res.body()).get("access_token").asString();
  }

  private static void expect(HttpResponse<String> res, int status, String what) {
    if (res.statusCode() != status) {
      throw new IllegalStateException(what + ": " + res.statusCode() + " " + res.body());
    }
  }

  private static String cut(String s) {
    return s.length() > 300 ? s.substring(0, 300) : s;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      m.put(args[i].substring(2), args[i + 1]);
    }
    return m;
  }
}
