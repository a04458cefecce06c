package io.jingzhi.guard.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends proxied requests upstream with the JDK {@link HttpClient}: one client (and so one connection pool) per
 * connect timeout in use, HTTP/1.1 (apps behind a proxy rarely speak cleartext HTTP/2), redirects passed back to the
 * client rather than followed.
 */
final class Upstream {

  /** Hop-by-hop headers (RFC 9110 §7.6.1) and those the proxy sets itself; never forwarded either way. */
  static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
      "content-length", "expect", "http2-settings");

  private final Map<Integer, HttpClient> clients = new ConcurrentHashMap<>();

  /** Sends the request; the response body is a stream the caller must close. */
  HttpResponse<InputStream> send(CompiledRoute route, HttpServletRequest request, URI target, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(target)
        .timeout(Duration.ofMillis(route.route().readTimeoutMs()));
    Set<String> connectionTokens = connectionTokens(request);
    for (String name : Collections.list(request.getHeaderNames())) {
      String lower = name.toLowerCase(Locale.ROOT);
      // Accept-Encoding is dropped so that bodies come back uncompressed and can be inspected.
      if (HOP_BY_HOP.contains(lower) || connectionTokens.contains(lower) || lower.equals("accept-encoding")
          || lower.startsWith("x-forwarded-")) {
        continue;
      }
      for (String value : Collections.list(request.getHeaders(name))) {
        try {
          b.header(name, value);
        } catch (IllegalArgumentException restricted) {
          // A header the JDK client sets itself (e.g. Date on some versions): the upstream gets its own.
        }
      }
    }
    String prior = request.getHeader("X-Forwarded-For");
    String client = request.getRemoteAddr();
    b.header("X-Forwarded-For", prior == null || prior.isBlank() ? client : prior + ", " + client);
    b.header("X-Forwarded-Proto", request.getScheme());
    String host = request.getHeader("Host");
    if (host != null) {
      b.header("X-Forwarded-Host", host);
    }
    HttpRequest.BodyPublisher publisher = body.length == 0 ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body);
    b.method(request.getMethod(), publisher);
    return client(route.route().connectTimeoutMs()).send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private HttpClient client(int connectTimeoutMs) {
    return clients.computeIfAbsent(connectTimeoutMs, ms -> HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofMillis(ms))
        .build());
  }

  private static Set<String> connectionTokens(HttpServletRequest request) {
    Set<String> tokens = new HashSet<>();
    for (String value : Collections.list(request.getHeaders("Connection"))) {
      for (String t : value.split(",")) {
        tokens.add(t.strip().toLowerCase(Locale.ROOT));
      }
    }
    return tokens;
  }

  void close() {
    clients.values().forEach(HttpClient::close);
  }
}
