package io.jingzhi.server.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.TestApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Knowledge hub calls for the ITs: multipart uploads, downloads, and waiting for jobs. */
final class KnowledgeClient {

  /** One file of an upload. */
  record FilePart(String name, byte[] content) {
    static FilePart text(String name, String text) {
      return new FilePart(name, text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final TestApi api;
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  KnowledgeClient(TestApi api, int port) {
    this.api = api;
    this.base = "http://127.0.0.1:" + port;
  }

  /** Creates a base owned by the project and returns it. */
  JsonNode createBase(String token, String project, Map<String, Object> extra) {
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("name", "测试知识库 " + UUID.randomUUID().toString().substring(0, 6));
    body.put("project", project);
    body.putAll(extra);
    var res = api.post("/api/v1/knowledge-bases", token, body);
    assertThat(res.status()).as("create base: %s", res).isEqualTo(201);
    return res.json();
  }

  TestApi.Res upload(long kbId, String token, List<FilePart> files, String metadata) {
    String boundary = "jz-" + UUID.randomUUID();
    var body = new ByteArrayOutputStream();
    for (FilePart f : files) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + f.name()
          + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.writeBytes(f.content());
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    if (metadata != null) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
          + "Content-Type: application/json\r\n\r\n" + metadata + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/knowledge-bases/" + kbId + "/documents"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** GETs a binary body. */
  HttpResponse<byte[]> download(String path, String token) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
          .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls a job until it is in one of the states (a minute at most). */
  JsonNode awaitJob(long jobId, String token, String... states) {
    Instant deadline = Instant.now().plusSeconds(120);
    JsonNode job = null;
    while (Instant.now().isBefore(deadline)) {
      var res = api.get("/api/v1/knowledge-jobs/" + jobId, token);
      assertThat(res.status()).as("job %s: %s", jobId, res).isEqualTo(200);
      job = res.json();
      if (List.of(states).contains(job.get("state").asString())) {
        return job;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("job " + jobId + " did not reach " + List.of(states) + ": " + job);
  }

  /** The file entry of a job by file name. */
  static JsonNode file(JsonNode job, String filename) {
    return job.get("files").valueStream().filter(f -> f.get("filename").asString().equals(filename)).findFirst()
        .orElseThrow(() -> new AssertionError("no file " + filename + " in " + job));
  }

  TestApi.Res retrieve(long kbId, String token, Map<String, Object> body) {
    return api.post("/api/v1/knowledge-bases/" + kbId + "/retrieve", token, body);
  }

  private TestApi.Res send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new TestApi.Res(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
