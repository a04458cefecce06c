package io.jingzhi.gateway.provider;

import io.jingzhi.common.crypto.SecretBox;
import io.jingzhi.gateway.registry.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.impl.io.SessionInputBufferImpl;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * Speaks the OpenAI HTTP protocol to upstream model servers (vLLM, SGLang, MindIE, Ollama, DeepSeek, Qwen's
 * DashScope compatible mode, Qianfan v2, GLM...). Apache HttpClient's blocking client with pooled keep-alive
 * connections, one client per connect timeout; a call blocks the request's virtual thread and reads the upstream
 * socket directly (no selector thread or executor between the socket and the relay: that hand-off chain cost a
 * fifth of the gateway's CPU at 200 streams with the JDK client, see docs/gateway-performance.md).
 */
@Component
public class UpstreamClient implements AutoCloseable {

  /**
   * Idle pooled connections are closed after this, before the servers close theirs: uvicorn (vLLM, SGLang) after
   * 5 s, the JDK's HTTP server after 30 s or as soon as it holds 200 idle connections.
   */
  private static final TimeValue IDLE_EVICTION = TimeValue.ofSeconds(4);

  /** Context attribute: the connection an exchange runs on, so its read timeout can change mid-response. */
  private static final String CONNECTION = "jingzhi.upstream.connection";

  /**
   * The connection's input buffer ({@code BHttpConnectionBase.inBuffer}, not exposed by HttpClient), for
   * {@link Exchange#moreBuffered()}; null if this HttpCore version has no such field (then only the current chunk
   * and the socket count).
   */
  private static final Field IN_BUFFER = inBufferField();

  /**
   * The CRLF that ends a chunk's data stays in the connection's buffer until the next read: that much buffered is
   * not more of the body. (Counting it would skip the flush before a read that then waits.)
   */
  private static final int CHUNK_END = 2;

  private static Field inBufferField() {
    try {
      Field f = DefaultBHttpClientConnection.class.getSuperclass().getDeclaredField("inBuffer");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private final SecretBox secrets;
  private final Map<Integer, Pool> pools = new ConcurrentHashMap<>();

  /** One client and its connection pool. */
  private record Pool(CloseableHttpClient client, PoolingHttpClientConnectionManager connections) {}

  public UpstreamClient(SecretBox secrets) {
    this.secrets = secrets;
  }

  /**
   * An open upstream response; the caller closes it. {@link #close()} before the end of the body cancels the upstream
   * request (the connection is dropped, which stops the generation) and unblocks a read in progress, from any thread.
   */
  public static final class Exchange implements AutoCloseable {
    private final int status;
    private final InputStream body;
    private final HttpPost request;
    private final ClassicHttpResponse response;
    private final HttpClientConnection connection;
    private final AtomicBoolean done = new AtomicBoolean();

    Exchange(int status, InputStream body, HttpPost request, ClassicHttpResponse response,
        HttpClientConnection connection) {
      this.status = status;
      this.body = body;
      this.request = request;
      this.response = response;
      this.connection = connection;
    }

    public int status() {
      return status;
    }

    public InputStream body() {
      return body;
    }

    /**
     * Bounds each later read of the body by {@code timeout} instead of the header timeout given to
     * {@link UpstreamClient#post}: a stream calls it with its stream-idle timeout once the first token has
     * arrived. A read that waits longer throws {@link SocketTimeoutException}. Call it on the reading thread
     * while the body is open (the connection goes back to the pool at its end, and the next request sets its
     * own timeout).
     */
    public void readTimeout(Duration timeout) {
      if (connection != null && !done.get()) {
        connection.setSocketTimeout(Timeout.of(timeout));
      }
    }

    /**
     * Whether more of the body has already arrived, so the next read will not wait: bytes of the current chunk,
     * later chunks the client has already taken off the socket into its buffer, or bytes waiting on the socket. A
     * wrong "yes" would hold what was written to the client until the next event, so anything unsure is "no".
     * (The body stream alone cannot tell: a chunked body's {@code available()} stops at the end of the current
     * chunk, and a model server sends each event as its own chunk.)
     */
    public boolean moreBuffered() {
      if (done.get()) {
        return false;
      }
      try {
        if (body.available() > 0) {
          return true;
        }
        if (connection instanceof DefaultBHttpClientConnection base && IN_BUFFER != null
            && IN_BUFFER.get(base) instanceof SessionInputBufferImpl buffered && buffered.length() > CHUNK_END) {
          return true;
        }
        Socket socket = connection instanceof ManagedHttpClientConnection managed ? managed.getSocket() : null;
        return socket != null && socket.getInputStream().available() > 0;
      } catch (IOException | IllegalAccessException | RuntimeException e) {
        return false;
      }
    }

    @Override
    public void close() {
      if (done.compareAndSet(false, true)) {
        request.cancel(); // aborts the connection: a blocked read ends, the upstream sees the client leave
        closeQuietly(response);
      }
    }

    /**
     * Reads what is left of a body whose content has ended (a stream after {@code [DONE]}: the end of the chunked
     * body is still on its way), so the connection goes back to the pool; {@link #close()} before the end of the
     * body drops the connection, and the next call would pay for a new one. Blocks as long as the upstream does
     * not end the body: call it while the stream's watchdog still runs.
     */
    public void finish() {
      if (done.compareAndSet(false, true)) {
        try (InputStream in = body) {
          in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
          request.cancel(); // the connection is closed instead of reused
        }
        closeQuietly(response);
      }
    }

    public String readAll() {
      try (InputStream in = body) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UpstreamException(true, 0, "upstream response broke off: " + e.getMessage(), null, e);
      } finally {
        if (done.compareAndSet(false, true)) {
          closeQuietly(response);
        }
      }
    }

    private static void closeQuietly(ClassicHttpResponse response) {
      try {
        response.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }

  /**
   * POSTs JSON to {@code path} under the endpoint. Returns the open response for 2xx; throws with the status
   * and body otherwise. {@code headerTimeout} bounds the wait for the response headers and each later read of
   * the body until {@link Exchange#readTimeout} changes it (a stream's first-token timeout, then its idle timeout;
   * the stream watchdog enforces the first-token and total deadlines over several reads).
   */
  public Exchange post(Endpoint endpoint, String path, byte[] json, Duration headerTimeout) {
    return post(endpoint, path, json, headerTimeout, null);
  }

  /**
   * As {@link #post(Endpoint, String, byte[], Duration)}, stopped by {@code cancel} (when not null): cancelling
   * aborts the request while it waits for the response headers or later while its body is read.
   */
  public Exchange post(Endpoint endpoint, String path, byte[] json, Duration headerTimeout, Cancellation cancel) {
    String auth = endpoint.apiKeySealed() == null ? null : "Bearer " + secrets.decrypt(endpoint.apiKeySealed());
    HttpPost request = request(endpoint, path, json, headerTimeout, auth, cancel);
    Pool pool = pool(endpoint.connectTimeoutMs());
    ClassicHttpResponse response;
    HttpClientContext context = HttpClientContext.create();
    try {
      response = pool.client().executeOpen(null, request, context);
    } catch (NoHttpResponseException | SocketException stale) {
      if (cancel != null && cancel.cancelled()) {
        throw failure(endpoint, stale); // aborted by the caller, not a stale connection
      }
      // A pooled connection the server had closed while it sat idle: the request never reached a live server.
      // The other idle connections to it are likely closed too, so they go, and the call runs once more on a fresh
      // connection. Any other failure is the caller's to retry elsewhere.
      pool.connections().closeIdle(TimeValue.ZERO_MILLISECONDS);
      request = request(endpoint, path, json, headerTimeout, auth, cancel);
      context = HttpClientContext.create();
      try {
        response = pool.client().executeOpen(null, request, context);
      } catch (IOException e) {
        throw failure(endpoint, e);
      } catch (IllegalStateException aborted) {
        throw cancelled(endpoint, cancel, aborted);
      }
    } catch (IOException e) {
      throw failure(endpoint, e);
    } catch (IllegalStateException aborted) {
      throw cancelled(endpoint, cancel, aborted);
    }
    HttpEntity entity = response.getEntity();
    InputStream body;
    try {
      body = entity == null ? InputStream.nullInputStream() : entity.getContent();
    } catch (IOException e) {
      request.cancel();
      throw failure(endpoint, e);
    }
    Exchange exchange = new Exchange(response.getCode(), body, request, response,
        context.getAttribute(CONNECTION) instanceof HttpClientConnection c ? c : null);
    if (response.getCode() / 100 != 2) {
      String text = exchange.readAll();
      throw UpstreamException.ofStatus(response.getCode(), text.length() > 2000 ? text.substring(0, 2000) : text);
    }
    return exchange;
  }

  private static HttpPost request(Endpoint endpoint, String path, byte[] json, Duration headerTimeout, String auth,
      Cancellation cancel) {
    HttpPost request = new HttpPost(endpoint.resolve(path));
    if (cancel != null) {
      cancel.attach(request::cancel);
    }
    request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(headerTimeout)).build());
    request.setHeader("Accept", "application/json, text/event-stream");
    if (auth != null) {
      request.setHeader("Authorization", auth);
    }
    request.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
    return request;
  }

  /**
   * HttpClient's complaint about a request aborted while it was being set up ("endpoint not acquired / already
   * released"): a cancelled call's failure; anything else is a bug and goes on as it is.
   */
  private static UpstreamException cancelled(Endpoint endpoint, Cancellation cancel, IllegalStateException e) {
    if (cancel == null || !cancel.cancelled()) {
      throw e;
    }
    return new UpstreamException(true, 0, "the call to " + endpoint.url() + " was cancelled", null, e);
  }

  private static UpstreamException failure(Endpoint endpoint, IOException e) {
    if (e instanceof ConnectTimeoutException) {
      return new UpstreamException(true, 0, "connecting to " + endpoint.url() + " timed out", null, e);
    }
    if (e instanceof SocketTimeoutException) {
      return new UpstreamException(true, 0, "no response from " + endpoint.url() + " in time", null, e);
    }
    if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
      return new UpstreamException(false, 0, "interrupted", null, e);
    }
    String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return new UpstreamException(true, 0, "cannot reach " + endpoint.url() + ": " + why, null, e);
  }

  private Pool pool(int connectTimeoutMs) {
    return pools.computeIfAbsent(connectTimeoutMs, UpstreamClient::newPool);
  }

  private static Pool newPool(int ms) {
    PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
        // Endpoint capacity is the router's business (max_concurrency); the pool does not queue calls.
        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
        .setMaxConnPerRoute(Integer.MAX_VALUE)
        .setMaxConnTotal(Integer.MAX_VALUE)
        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.ofMilliseconds(ms))
            // No stale-connection probe before reuse (it costs a 1 ms read per call after idle time): a
            // connection found closed is retried on a fresh one (post).
            .setValidateAfterInactivity(TimeValue.NEG_ONE_MILLISECOND)
            .build())
        .build();
    CloseableHttpClient client = HttpClients.custom()
        .setConnectionManager(connections)
        .setRequestExecutor(new ConnectionRecorder())
        .evictIdleConnections(IDLE_EVICTION)
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .disableContentCompression()
        .disableCookieManagement()
        .disableAuthCaching()
        .build();
    return new Pool(client, connections);
  }

  /** Records the connection a request runs on in its context (the client keeps it internal otherwise). */
  private static final class ConnectionRecorder extends HttpRequestExecutor {
    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, HttpClientConnection conn,
        HttpResponseInformationCallback informationCallback, HttpContext context) throws IOException, HttpException {
      context.setAttribute(CONNECTION, conn);
      return super.execute(request, conn, informationCallback, context);
    }
  }

  @Override
  public void close() {
    pools.values().forEach(p -> {
      try {
        p.client().close();
      } catch (IOException ignored) {
        // shutting down
      }
    });
  }
}
