package io.jingzhi.server.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for integration tests: real requests against the running server. */
public final class TestApi {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  public TestApi(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** A response with its body parsed as JSON when it is JSON. */
  public record Res(int status, String body, Map<String, java.util.List<String>> headers) {
    public JsonNode json() {
      return JSON.readTree(body);
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().getFirst()).orElse(null);
    }

    public String text(String field) {
      JsonNode node = json().get(field);
      return node == null || node.isNull() ? null : node.asString();
    }

    public long id() {
      return json().get("id").asLong();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  public Res get(String path, String token) {
    return send(request(path, token).GET());
  }

  /** A GET that may take longer than the usual 30 s (the OpenAPI document is built on its first request). */
  public Res get(String path, String token, Duration timeout) {
    return send(request(path, token).timeout(timeout).GET());
  }

  public Res delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  public Res post(String path, String token, Object body) {
    return send(request(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
  }

  public Res put(String path, String token, Object body) {
    return send(request(path, token).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(toJson(body))));
  }

  public Res patch(String path, String token, Object body) {
    return send(request(path, token).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(toJson(body))));
  }

  /** Sends a raw body as is (malformed JSON, huge bodies). */
  public Res raw(String method, String path, String token, String contentType, String body) {
    return send(request(path, token).header("Content-Type", contentType)
        .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Sends any request with extra headers; a null body sends none. */
  public Res send(String method, String path, String token, Map<String, String> headers, String contentType,
      String body) {
    HttpRequest.Builder b = request(path, token);
    headers.forEach(b::header);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Sends a body without a length, so it goes chunked ({@code Transfer-Encoding: chunked}). */
  public Res chunked(String method, String path, String token, String contentType, byte[] body) {
    var publisher = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(body));
    return send(request(path, token).header("Content-Type", contentType).method(method, publisher));
  }

  /** Signs in and returns the access token; fails the test when sign-in fails. */
  public String login(String username, String password) {
    Res res = post("/api/v1/auth/login", null, Map.of("username", username, "password", password));
    if (res.status() != 200) {
      throw new AssertionError("login of " + username + " failed: " + res);
    }
    return res.text("access_token");
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private Res send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Res(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String toJson(Object body) {
    return body instanceof String s ? s : JSON.writeValueAsString(body);
  }
}
