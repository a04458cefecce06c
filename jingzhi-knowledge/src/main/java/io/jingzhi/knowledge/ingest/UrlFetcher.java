package io.jingzhi.knowledge.ingest;

import io.jingzhi.common.net.AddressGuard;
import io.jingzhi.common.net.AddressRefusedException;
import io.jingzhi.common.net.GuardedHttpClient;
import io.jingzhi.common.net.GuardedResolver;
import io.jingzhi.knowledge.KnowledgeProperties;
import io.jingzhi.knowledge.parse.DocumentRejected;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Fetches a web page or file for a URL import: http(s) only, redirects followed, a time limit on the whole fetch
 * and a size cap (the upload limit) checked while reading, so a huge or endless answer cannot fill memory. With
 * {@code jingzhi.knowledge.allow-private-networks=false} the redirects are followed here, at most
 * {@value #MAX_REDIRECTS}, and every hop's host must resolve to public addresses only ({@link AddressGuard}), so
 * an import cannot be pointed (or redirected) at the platform's own host, its private network or a metadata
 * service. The fetch goes through {@link GuardedHttpClient}: the addresses a connection is opened to are judged
 * again by its {@link GuardedResolver}, so a DNS answer that changes after the check (rebinding) is refused too.
 */
@Component
class UrlFetcher {

  static final int MAX_REDIRECTS = 5;

  private final boolean allowPrivateNetworks;
  private final GuardedResolver resolver;
  private final HttpClient http;

  @Autowired
  UrlFetcher(KnowledgeProperties properties) {
    this(properties.allowPrivateNetworks(),
        properties.allowPrivateNetworks() ? GuardedResolver.intranet() : GuardedResolver.system());
  }

  /** {@code resolver}: the DNS whose answers are judged, before each hop and at the connection (tests fake it). */
  UrlFetcher(boolean allowPrivateNetworks, GuardedResolver resolver) {
    this.allowPrivateNetworks = allowPrivateNetworks;
    this.resolver = resolver;
    this.http = GuardedHttpClient.newBuilder(resolver)
        .followRedirects(allowPrivateNetworks ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Checks a URL before a job is made for it; the reason when it is unusable, else null. */
  static String problem(String url) {
    try {
      URI uri = URI.create(url);
      if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
        return "only http and https URLs can be imported";
      }
      if (uri.getHost() == null) {
        return "the URL names no host";
      }
      return null;
    } catch (IllegalArgumentException e) {
      return "not a valid URL";
    }
  }

  Imports.Source fetch(String url, long maxBytes, Duration timeout) {
    try {
      HttpResponse<InputStream> response = send(URI.create(url), timeout);
      try (InputStream body = response.body()) {
        if (response.statusCode() / 100 != 2) {
          throw new DocumentRejected("unreachable", "the server answered HTTP " + response.statusCode());
        }
        byte[] content = readCapped(body, maxBytes);
        String type = response.headers().firstValue("Content-Type").orElse("");
        return new Imports.Source(filename(response.uri(), type), content, url);
      }
    } catch (AddressRefusedException e) {
      throw new DocumentRejected("forbidden_address", "refused " + url + " when connecting: " + e.getMessage());
    } catch (HttpTimeoutException e) {
      throw new DocumentRejected("timeout", "the URL did not answer within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      throw new DocumentRejected("unreachable", "cannot fetch the URL: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DocumentRejected("timeout", "the fetch was interrupted");
    }
  }

  /** The final answer: the client follows redirects itself, or, when the guard is on, this loop judges each hop. */
  private HttpResponse<InputStream> send(URI uri, Duration timeout) throws IOException, InterruptedException {
    for (int hop = 0; ; hop++) {
      String refusal = resolver.refusal(uri.getHost());
      if (refusal != null) {
        throw new DocumentRejected("forbidden_address", "refused " + uri + ": " + refusal);
      }
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
          .header("User-Agent", "Jingzhi-Knowledge/1.0").GET().build();
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      var location = response.headers().firstValue("Location");
      if (allowPrivateNetworks || response.statusCode() / 100 != 3 || location.isEmpty()) {
        return response;
      }
      response.body().close();
      if (hop == MAX_REDIRECTS) {
        throw new DocumentRejected("unreachable", "more than " + MAX_REDIRECTS + " redirects");
      }
      URI next = uri.resolve(location.get());
      String problem = problem(next.toString());
      if (problem != null) {
        throw new DocumentRejected("unreachable", "redirected to " + next + ": " + problem);
      }
      uri = next;
    }
  }

  private static byte[] readCapped(InputStream in, long maxBytes) throws IOException {
    var out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    int n;
    while ((n = in.read(buffer)) > 0) {
      if (out.size() + n > maxBytes) {
        throw new DocumentRejected("too_large", "the page is larger than " + maxBytes + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static String filename(URI uri, String contentType) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    String name = last.isBlank() ? uri.getHost() : last;
    boolean html = contentType.toLowerCase().contains("html");
    if (html && !name.toLowerCase().matches(".*\\.html?$")) {
      name = name + ".html";
    }
    return name.length() > 200 ? name.substring(0, 200) : name;
  }
}
