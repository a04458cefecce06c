package io.jingzhi.common.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * A {@link HttpClient} for the outbound requests a tenant configures (the workflow HTTP node, MCP servers,
 * knowledge URL imports), carried by Apache HttpClient 5 so that its {@link GuardedResolver} judges the addresses
 * a connection is opened to: the address that is checked is the address that is connected to, while the request
 * keeps its Host header, TLS SNI and certificate check by name. The JDK's own client has no resolver hook, so
 * callers (and the MCP SDK, through {@link #newBuilder(GuardedResolver)}) keep the {@code java.net.http} API and
 * this class translates. HTTP/1.1 only; no proxy, cookies or authenticator; a request's {@code timeout} bounds the
 * wait for each read; an {@code sslContext} given to the builder replaces the trust, never the check by name.
 */
public final class GuardedHttpClient extends HttpClient {

  private final CloseableHttpClient http;
  private final Duration connectTimeout;
  private final Redirect redirect;
  private final SSLContext ssl;
  private volatile boolean closed;

  GuardedHttpClient(GuardedResolver resolver, Duration connectTimeout, Redirect redirect, SSLContext ssl) {
    this.connectTimeout = connectTimeout;
    this.redirect = redirect;
    this.ssl = ssl;
    var connectionsBuilder = PoolingHttpClientConnectionManagerBuilder.create();
    if (ssl != null) {
      // Still SNI and the hostname check by the URL's name, against the trust of the given context.
      connectionsBuilder.setTlsSocketStrategy(new DefaultClientTlsStrategy(ssl));
    }
    var connections = connectionsBuilder.setDnsResolver(resolver)
        .setMaxConnPerRoute(32).setMaxConnTotal(256)
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(connectTimeout == null ? Duration.ofSeconds(30) : connectTimeout))
            .build())
        .build();
    var builder = HttpClients.custom().setConnectionManager(connections).disableCookieManagement()
        .disableAuthCaching().disableContentCompression().disableAutomaticRetries(); // no system proxy: a proxy would resolve the name itself
    if (redirect == Redirect.NEVER) {
      builder.disableRedirectHandling();
    }
    this.http = builder.build();
  }

  /** A builder of a client whose connections are judged by {@code resolver}. */
  public static Builder newBuilder(GuardedResolver resolver) {
    Objects.requireNonNull(resolver, "resolver");
    return new GuardedClientBuilder(resolver);
  }

  /**
   * A builder that hands out {@code client} itself, for a library that insists on building its own (the MCP SDK):
   * many transports then share one connection pool that the owner closes. Its connect timeout and version are
   * the client's; other settings are refused.
   */
  public static Builder sharing(HttpClient client) {
    return new GuardedClientBuilder(null) {
      @Override
      public Builder sslContext(SSLContext context) {
        throw new UnsupportedOperationException("a shared client keeps the SSL context it was built with");
      }

      @Override
      public HttpClient build() {
        return client;
      }
    };
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<T>> pending = sendAsync(request, handler);
    try {
      return pending.get();
    } catch (InterruptedException e) {
      pending.thenAccept(GuardedHttpClient::discard); // nobody will read it: give the connection up
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(cause);
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      HttpResponse.BodyHandler<T> handler) {
    CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    Thread.ofVirtual().name("guarded-http").start(() -> exchange(request, handler, result));
    return result;
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return sendAsync(request, handler); // HTTP/1.1: there are no pushes
  }

  private <T> void exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler,
      CompletableFuture<HttpResponse<T>> result) {
    ClassicHttpResponse response;
    HttpClientContext context = HttpClientContext.create();
    try {
      var out = new BasicClassicHttpRequest(request.method(), request.uri());
      request.headers().map().forEach((name, values) -> values.forEach(value -> out.addHeader(name, value)));
      byte[] body = request.bodyPublisher().isPresent() ? RequestBodies.read(request.bodyPublisher().get()) : null;
      if (body != null && (body.length > 0 || !List.of("GET", "HEAD", "DELETE", "OPTIONS", "TRACE")
          .contains(request.method().toUpperCase(Locale.ROOT)))) {
        out.setEntity(new ByteArrayEntity(body, null));
      }
      if (request.timeout().isPresent()) {
        context.setRequestConfig(RequestConfig.custom()
            .setResponseTimeout(Timeout.of(request.timeout().get())).build());
      }
      response = http.executeOpen(null, out, context);
    } catch (ConnectTimeoutException e) {
      var timeout = new HttpConnectTimeoutException("connecting to " + request.uri().getHost() + " timed out");
      timeout.initCause(e);
      result.completeExceptionally(timeout);
      return;
    } catch (SocketTimeoutException e) {
      result.completeExceptionally(timeout(request, e));
      return;
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    URI uri = finalUri(request.uri(), context);
    HttpHeaders headers = headers(response);
    int status = response.getCode();
    SSLSession ssl = context.getSSLSession();
    HttpResponse.BodySubscriber<T> subscriber;
    try {
      subscriber = handler.apply(new Info(status, headers));
    } catch (RuntimeException e) {
      BodyPump.abort(response);
      result.completeExceptionally(e);
      return;
    }
    subscriber.getBody().whenComplete((value, error) -> {
      if (error != null) {
        result.completeExceptionally(error);
      } else {
        result.complete(new Response<>(status, request, uri, headers, value, ssl));
      }
    });
    InputStream in;
    try {
      in = response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent();
    } catch (IOException e) {
      BodyPump.abort(response);
      subscriber.onSubscribe(new BodyPump.Done());
      subscriber.onError(e);
      return;
    }
    new BodyPump(response, in, subscriber, request).run();
  }

  private static void discard(HttpResponse<?> response) {
    if (response.body() instanceof AutoCloseable body) {
      try {
        body.close();
      } catch (Exception ignored) {
        // the connection is dropped either way
      }
    }
  }

  static HttpTimeoutException timeout(HttpRequest request, SocketTimeoutException cause) {
    var timeout = new HttpTimeoutException(request.method() + " " + request.uri() + " timed out: " + cause.getMessage());
    timeout.initCause(cause);
    return timeout;
  }

  private static URI finalUri(URI requested, HttpClientContext context) {
    var redirects = context.getRedirectLocations();
    return redirects == null || redirects.size() == 0 ? requested : redirects.get(redirects.size() - 1);
  }

  private static HttpHeaders headers(ClassicHttpResponse response) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (Header header : response.getHeaders()) {
      map.computeIfAbsent(header.getName(), name -> new java.util.ArrayList<>()).add(header.getValue());
    }
    return HttpHeaders.of(map, (name, value) -> true);
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return Optional.empty();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return Optional.ofNullable(connectTimeout);
  }

  @Override
  public Redirect followRedirects() {
    return redirect;
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return Optional.empty();
  }

  @Override
  public SSLContext sslContext() {
    if (ssl != null) {
      return ssl;
    }
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public SSLParameters sslParameters() {
    return sslContext().getDefaultSSLParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return Optional.empty();
  }

  @Override
  public Version version() {
    return Version.HTTP_1_1;
  }

  @Override
  public Optional<Executor> executor() {
    return Optional.empty();
  }

  @Override
  public void shutdown() {
    close();
  }

  @Override
  public void shutdownNow() {
    closed = true;
    http.close(CloseMode.IMMEDIATE);
  }

  @Override
  public boolean awaitTermination(Duration duration) throws InterruptedException {
    return closed;
  }

  @Override
  public boolean isTerminated() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    http.close(CloseMode.GRACEFUL);
  }

  private record Info(int statusCode, HttpHeaders headers) implements HttpResponse.ResponseInfo {
    @Override
    public Version version() {
      return Version.HTTP_1_1;
    }
  }

  private record Response<T>(int statusCode, HttpRequest request, URI uri, HttpHeaders headers, T body,
      SSLSession ssl) implements HttpResponse<T> {

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return Optional.ofNullable(ssl);
    }

    @Override
    public Version version() {
      return Version.HTTP_1_1;
    }
  }
}
