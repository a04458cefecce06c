package io.jingzhi.gateway.provider;

import io.jingzhi.common.crypto.SecretBox;
import io.jingzhi.gateway.registry.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;

/**
 * Speaks the OpenAI HTTP protocol to upstream model servers (vLLM, SGLang, MindIE, Ollama, DeepSeek, Qwen's
 * DashScope compatible mode, Qianfan v2, GLM...). One pooled HTTP client per connect timeout; calls block a
 * virtual thread, not a platform thread.
 */
@Component
public class UpstreamClient {

  private final SecretBox secrets;
  private final Map<Integer, HttpClient> clients = new ConcurrentHashMap<>();

  public UpstreamClient(SecretBox secrets) {
    this.secrets = secrets;
  }

  /** An open upstream response; the caller closes it (which cancels the upstream request). */
  public record Exchange(int status, InputStream body) implements AutoCloseable {
    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException ignored) {
        // already gone
      }
    }

    /**
     * Reads what is left of a body whose content has ended (a stream after {@code [DONE]}: the end of the chunked
     * body is still on its way), so the connection goes back to the pool; {@link #close()} before the end of the
     * body closes the connection, and the next call would pay for a new one. Blocks as long as the upstream does
     * not end the body: call it while the stream's watchdog still runs.
     */
    public void finish() {
      try (InputStream in = body) {
        in.transferTo(OutputStream.nullOutputStream());
      } catch (IOException ignored) {
        // the connection is closed instead of reused
      }
    }

    public String readAll() {
      try (InputStream in = body) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UpstreamException(true, 0, "upstream response broke off: " + e.getMessage(), null, e);
      }
    }
  }

  /**
   * POSTs JSON to {@code path} under the endpoint. Returns the open response for 2xx; throws with the status
   * and body otherwise. {@code headerTimeout} bounds the wait for the response headers.
   */
  public Exchange post(Endpoint endpoint, String path, byte[] json, Duration headerTimeout) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.resolve(path)))
        .timeout(headerTimeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    if (endpoint.apiKeySealed() != null) {
      request.header("Authorization", "Bearer " + secrets.decrypt(endpoint.apiKeySealed()));
    }
    HttpResponse<InputStream> response;
    try {
      response = client(endpoint.connectTimeoutMs()).send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw new UpstreamException(true, 0, "connecting to " + endpoint.url() + " timed out", null, e);
    } catch (HttpTimeoutException e) {
      throw new UpstreamException(true, 0, "no response from " + endpoint.url() + " in time", null, e);
    } catch (IOException e) {
      String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      throw new UpstreamException(true, 0, "cannot reach " + endpoint.url() + ": " + why, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException(false, 0, "interrupted", null, e);
    }
    Exchange exchange = new Exchange(response.statusCode(), response.body());
    if (response.statusCode() / 100 != 2) {
      String body = exchange.readAll();
      throw UpstreamException.ofStatus(response.statusCode(), body.length() > 2000 ? body.substring(0, 2000) : body);
    }
    return exchange;
  }

  private HttpClient client(int connectTimeoutMs) {
    return clients.computeIfAbsent(connectTimeoutMs, ms -> HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(ms))
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build());
  }
}
