package io.jingzhi.gateway.benchmark;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one benchmark request to the server's own {@code /v1/chat/completions} and times it as a client sees it.
 *
 * <p>Why over HTTP on loopback rather than in-process: the request then takes exactly the path of real traffic —
 * authentication, the caller's permissions, limits, guardrails, metering, SSE serialisation and the servlet
 * container — so the figures are what an application would get and the run is governed and billed like any
 * other use. The in-process pipeline would need a fake servlet response and would silently skip whatever filters
 * are added to the front door later. The cost, a loopback hop, is included in the figures as it is for any
 * client on the same host.
 */
final class LoopbackChat {

  /** The gateway refused the run's credential (401/403): further requests would fail the same way. */
  static final class CredentialRefused extends RuntimeException {
    CredentialRefused(String message) {
      super(message);
    }
  }

  private final HttpClient http;
  private final URI uri;
  private final String token;
  private final byte[] body;
  private final boolean stream;
  private final int estimatedPromptTokens;
  private final JsonMapper json;
  private final String userAgent;
  private final Set<Closeable> open = ConcurrentHashMap.newKeySet();

  LoopbackChat(HttpClient http, URI uri, String token, byte[] body, boolean stream, int estimatedPromptTokens,
      JsonMapper json, String userAgent) {
    this.http = http;
    this.uri = uri;
    this.token = token;
    this.body = body;
    this.stream = stream;
    this.estimatedPromptTokens = estimatedPromptTokens;
    this.json = json;
    this.userAgent = userAgent;
  }

  /** Closes every response being read, so cancelled workers stop at once instead of at the end of a stream. */
  void abortAll() {
    for (Closeable c : open) {
      try {
        c.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  /** One request; times are relative to {@code phaseStartNanos}. Never throws for a failed request. */
  Sample call(long phaseStartNanos) throws InterruptedException {
    long start = System.nanoTime();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .header("Accept", stream ? "text/event-stream" : "application/json").header("User-Agent", userAgent)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      return Sample.failed("cannot reach the gateway: " + e.getMessage(), ms(start, phaseStartNanos),
          ms(System.nanoTime(), phaseStartNanos));
    }
    InputStream in = response.body();
    open.add(in);
    try (in) {
      if (response.statusCode() != 200) {
        String message = errorMessage(in);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
          throw new CredentialRefused("the gateway refused the run's credential (" + response.statusCode() + "): "
              + message);
        }
        return Sample.failed("HTTP " + response.statusCode() + ": " + message, ms(start, phaseStartNanos),
            ms(System.nanoTime(), phaseStartNanos));
      }
      return stream ? readStream(in, start, phaseStartNanos) : readAnswer(in, start, phaseStartNanos);
    } catch (IOException e) {
      return Sample.failed("the response broke off: " + e.getMessage(), ms(start, phaseStartNanos),
          ms(System.nanoTime(), phaseStartNanos));
    } catch (JacksonException e) {
      return Sample.failed("the gateway sent unreadable JSON", ms(start, phaseStartNanos),
          ms(System.nanoTime(), phaseStartNanos));
    } finally {
      open.remove(in);
    }
  }

  private Sample readStream(InputStream in, long start, long phase) throws IOException {
    var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    long first = -1;
    long last = -1;
    double[] itl = new double[64];
    int gaps = 0;
    int chunks = 0;
    int promptTokens = -1;
    int completionTokens = -1;
    String line;
    while ((line = reader.readLine()) != null) {
      if (!line.startsWith("data:")) {
        continue;
      }
      String payload = line.substring(5).strip();
      long now = System.nanoTime();
      if (payload.equals("[DONE]")) {
        if (first < 0) {
          return Sample.failed("the answer had no content", ms(start, phase), ms(now, phase));
        }
        double[] gapsMs = java.util.Arrays.copyOf(itl, gaps);
        return new Sample(true, null, ms(start, phase), ms(now, phase), (first - start) / 1e6, gapsMs,
            promptTokens >= 0 ? promptTokens : estimatedPromptTokens, completionTokens >= 0 ? completionTokens : chunks);
      }
      JsonNode chunk = json.readTree(payload);
      if (chunk.has("error")) {
        return Sample.failed("stream error: " + chunk.path("error").path("message").asString("unknown"),
            ms(start, phase), ms(now, phase));
      }
      JsonNode usage = chunk.get("usage");
      if (usage != null && usage.has("completion_tokens")) {
        promptTokens = usage.path("prompt_tokens").asInt(-1);
        completionTokens = usage.path("completion_tokens").asInt();
      }
      if (hasContent(chunk)) {
        chunks++;
        if (first < 0) {
          first = now;
        } else {
          if (gaps == itl.length) {
            itl = java.util.Arrays.copyOf(itl, gaps * 2);
          }
          itl[gaps++] = (now - last) / 1e6;
        }
        last = now;
      }
    }
    return Sample.failed("the stream ended without [DONE]", ms(start, phase), ms(System.nanoTime(), phase));
  }

  private Sample readAnswer(InputStream in, long start, long phase) throws IOException {
    JsonNode answer = json.readTree(in.readAllBytes());
    long now = System.nanoTime();
    JsonNode usage = answer.path("usage");
    double e2e = (now - start) / 1e6;
    return new Sample(true, null, ms(start, phase), ms(now, phase), e2e, new double[0],
        usage.path("prompt_tokens").asInt(estimatedPromptTokens), usage.path("completion_tokens").asInt(0));
  }

  /** A chunk carrying generated text (answer or reasoning); role-only, finish and usage chunks carry none. */
  static boolean hasContent(JsonNode chunk) {
    for (JsonNode choice : chunk.path("choices")) {
      JsonNode delta = choice.path("delta");
      if (!delta.path("content").asString("").isEmpty() || !delta.path("reasoning_content").asString("").isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private String errorMessage(InputStream in) {
    try {
      byte[] bytes = in.readNBytes(4096);
      JsonNode error = json.readTree(bytes).path("error");
      return error.path("message").asString(new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return "unreadable error body";
    }
  }

  private static double ms(long nanos, long phaseStartNanos) {
    return (nanos - phaseStartNanos) / 1e6;
  }
}
