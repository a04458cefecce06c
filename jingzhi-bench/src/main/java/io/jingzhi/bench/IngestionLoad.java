package io.jingzhi.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * End-to-end ingestion throughput of the knowledge hub against a running server: documents built from a corpus
 * (passages grouped by {@code doc_id} into Markdown files) are uploaded to a new knowledge base in batches, and the
 * time from the first job's start to the last job's end gives chunks per second (parse, clean, chunk, embed through
 * the gateway, store, index). Baseline in the same run: the same chunk texts embedded through {@code /v1/embeddings}
 * in batches of the same size (the embedding alone), so the ratio shows what the pipeline adds to the model.
 * Usage: {@code java -cp jingzhi-benchmarks.jar io.jingzhi.bench.IngestionLoad http://127.0.0.1:8080 user password
 * project-code documents corpus.jsonl [model,model,…]}: with models, one base per model in turn, in the same run.
 */
public final class IngestionLoad {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  public static void main(String[] args) throws Exception {
    String server = args[0];
    String token = login(server, args[1], args[2]);
    String project = args[3];
    int documents = Integer.parseInt(args[4]);
    Map<String, StringBuilder> byDoc = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(args[5]))) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode p = JSON.readTree(line);
      StringBuilder doc = byDoc.computeIfAbsent(p.get("doc_id").asString(),
          k -> new StringBuilder("# ").append(p.path("title").asString(k)).append("\n\n"));
      doc.append(p.get("text").asString()).append("\n\n");
      if (byDoc.size() > documents) {
        break;
      }
    }
    List<Map.Entry<String, StringBuilder>> docs = new ArrayList<>(byDoc.entrySet()).subList(0,
        Math.min(documents, byDoc.size()));
    List<String> models = args.length > 6 ? List.of(args[6].split(",")) : java.util.Collections.singletonList(null);
    for (String model : models) {
      measure(server, token, project, docs, model);
    }
  }

  /** One base on {@code model} (null: the server's default model): ingestion, then the embedding-only baseline. */
  private static void measure(String server, String token, String project, List<Map.Entry<String, StringBuilder>> docs,
      String model) throws Exception {
    long chars = docs.stream().mapToLong(e -> e.getValue().length()).sum();
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("name", "ingestion-bench-" + UUID.randomUUID().toString().substring(0, 6));
    spec.put("project", project);
    spec.put("chunking", Map.of("strategy", "general", "max_chars", 300, "overlap_chars", 30));
    if (model != null) {
      spec.put("embedding_model", model);
    }
    JsonNode base = call("POST", server + "/api/v1/knowledge-bases", token, JSON.writeValueAsString(spec));
    long kbId = base.get("id").asLong();
    System.out.printf("== model %s%nbase %d: %d documents, %d characters, %.0f chars/document%n",
        base.get("embedding_model").asString(), kbId, docs.size(), chars, (double) chars / docs.size());

    double cpu0 = serverCpuSeconds();
    Map<String, Double> threads0 = serverThreadCpu();
    List<Long> jobs = new ArrayList<>();
    for (int from = 0; from < docs.size(); from += 20) {
      JsonNode answer = upload(server, kbId, token, docs.subList(from, Math.min(docs.size(), from + 20)));
      jobs.add(answer.get("job_id").asLong());
    }
    Instant firstStart = null;
    Instant lastEnd = null;
    for (long job : jobs) {
      JsonNode j = await(server, job, token);
      Instant started = Instant.parse(j.get("started_at").asString());
      Instant finished = Instant.parse(j.get("finished_at").asString());
      firstStart = firstStart == null || started.isBefore(firstStart) ? started : firstStart;
      lastEnd = lastEnd == null || finished.isAfter(lastEnd) ? finished : lastEnd;
      if (j.get("failed").asInt() > 0) {
        System.out.println("job " + job + " had failures: " + j);
      }
    }
    long chunks = call("GET", server + "/api/v1/knowledge-bases/" + kbId, token, null).get("chunk_count").asLong();
    double seconds = Duration.between(firstStart, lastEnd).toMillis() / 1000.0;
    double ingest = chunks / seconds;
    double ingestCpu = serverCpuSeconds() - cpu0;
    Map<String, Double> threads1 = serverThreadCpu();
    System.out.printf("ingestion: %d chunks in %.2f s = %.1f chunks/s (%.0f chars/s)%n", chunks, seconds, ingest,
        chars / seconds);
    if (ingestCpu >= 0) {
      System.out.printf("  server CPU during ingestion: %.2f s = %.1f ms per chunk (2 cores, no other load: at most "
          + "%.0f chunks/s)%n", ingestCpu, 1000 * ingestCpu / chunks, 2 * chunks / ingestCpu);
      printThreadShares(threads0, threads1, ingestCpu, chunks);
    }

    List<String> texts = new ArrayList<>();
    for (int page = 1; texts.size() < chunks; page++) {
      JsonNode p = call("GET", server + "/api/v1/knowledge-bases/" + kbId + "/chunks?size=500&page=" + page, token,
          null);
      p.get("items").forEach(c -> texts.add(c.get("text").asString()));
      if (p.get("items").isEmpty()) {
        break;
      }
    }
    double cpu1 = serverCpuSeconds();
    long t0 = System.nanoTime();
    for (int from = 0; from < texts.size(); from += 64) {
      call("POST", server + "/v1/embeddings", token, JSON.writeValueAsString(Map.of("model",
          base.get("embedding_model").asString(), "input", texts.subList(from, Math.min(texts.size(), from + 64)))));
    }
    double embedSeconds = (System.nanoTime() - t0) / 1e9;
    double embed = texts.size() / embedSeconds;
    double embedCpu = serverCpuSeconds() - cpu1;
    System.out.printf("baseline /v1/embeddings of the same %d chunk texts: %.2f s = %.1f chunks/s%n", texts.size(),
        embedSeconds, embed);
    if (embedCpu >= 0) {
      System.out.printf("  server CPU during the baseline: %.2f s = %.1f ms per chunk%n", embedCpu,
          1000 * embedCpu / texts.size());
    }
    System.out.printf("ingestion / embedding-only throughput: %.2f%n", ingest / embed);
    call("DELETE", server + "/api/v1/knowledge-bases/" + kbId, token, null);
  }

  /**
   * CPU seconds (user + system) the server process has used so far, from {@code /proc/<pid>/stat} when the system
   * property {@code server.pid} names it (same machine); -1 otherwise. On a shared machine wall-clock throughput
   * mostly measures the other processes; the server's own CPU per chunk does not.
   */
  private static double serverCpuSeconds() throws java.io.IOException {
    String pid = System.getProperty("server.pid");
    if (pid == null) {
      return -1e9;
    }
    String stat = Files.readString(Path.of("/proc", pid, "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (USER_HZ 100)
  }

  /**
   * The server's CPU seconds so far per group of threads (JIT compilers, GC, ingestion workers, request handlers'
   * carrier threads, the rest), from {@code /proc/<pid>/task/*}/stat; empty without {@code server.pid}. Threads
   * that ended in between (per-file threads, Lucene merges) are missing from the sums, so the groups are reported
   * against the process total and the difference is shown as "ended threads".
   */
  private static Map<String, Double> serverThreadCpu() throws java.io.IOException {
    Map<String, Double> groups = new LinkedHashMap<>();
    String pid = System.getProperty("server.pid");
    if (pid == null) {
      return groups;
    }
    try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (java.io.IOException ended) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        groups.merge(threadGroup(name), seconds, Double::sum);
      }
    }
    return groups;
  }

  private static String threadGroup(String name) {
    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return "JIT compilers";
    }
    if (name.startsWith("GC ") || name.startsWith("G1 ")) {
      return "GC";
    }
    if (name.startsWith("kb-ingest")) {
      return "ingestion workers";
    }
    if (name.startsWith("kb-parse") || name.startsWith("parse-")) {
      return "parse threads";
    }
    if (name.startsWith("ForkJoinPool")) {
      return "HTTP (virtual threads' carriers)";
    }
    return "other";
  }

  private static void printThreadShares(Map<String, Double> before, Map<String, Double> after, double total,
      long chunks) {
    double listed = 0;
    StringBuilder line = new StringBuilder("  of which");
    for (var e : after.entrySet()) {
      double d = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
      listed += d;
      line.append(String.format(" %s %.1f ms,", e.getKey(), 1000 * d / chunks));
    }
    line.append(String.format(" ended threads %.1f ms (per chunk)", 1000 * Math.max(0, total - listed) / chunks));
    System.out.println(line);
  }

  private static JsonNode upload(String server, long kbId, String token, List<Map.Entry<String, StringBuilder>> docs)
      throws Exception {
    String boundary = "bench-" + UUID.randomUUID();
    var body = new ByteArrayOutputStream();
    for (var doc : docs) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
          + doc.getKey() + ".md\"\r\nContent-Type: text/markdown\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.writeBytes(doc.getValue().toString().getBytes(StandardCharsets.UTF_8));
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    var request = HttpRequest.newBuilder(URI.create(server + "/api/v1/knowledge-bases/" + kbId + "/documents"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    return check(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  private static JsonNode await(String server, long job, String token) throws Exception {
    while (true) {
      JsonNode j = call("GET", server + "/api/v1/knowledge-jobs/" + job, token, null);
      String state = j.get("state").asString();
      if (state.equals("succeeded") || state.equals("failed") || state.equals("cancelled")) {
        return j;
      }
      Thread.sleep(200);
    }
  }

  private static String login(String server, String user, String password) throws Exception {
    return call("POST", server + "/api/v1/auth/login", null, JSON.writeValueAsString(Map.of("username", user,
        "password", password))).get("access_token").asString();
  }

  private static JsonNode call(String method, String url, String token, String body) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return check(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  private static JsonNode check(HttpResponse<String> res) {
    if (res.statusCode() / 100 != 2) {
      throw new IllegalStateException(res.request().uri() + " answered " + res.statusCode() + ": " + res.body());
    }
    return res.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(res.body());
  }
}
