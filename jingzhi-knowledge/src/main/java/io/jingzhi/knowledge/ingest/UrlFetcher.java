package io.jingzhi.knowledge.ingest;

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
import org.springframework.stereotype.Component;

/**
 * Fetches a web page or file for a URL import: http(s) only, redirects followed, a time limit on the whole fetch
 * and a size cap (the upload limit) checked while reading, so a huge or endless answer cannot fill memory.
 */
@Component
class UrlFetcher {

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
      .connectTimeout(Duration.ofSeconds(10)).build();

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
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .header("User-Agent", "Jingzhi-Knowledge/1.0").GET().build();
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() / 100 != 2) {
          throw new DocumentRejected("unreachable", "the server answered HTTP " + response.statusCode());
        }
        byte[] content = readCapped(body, maxBytes);
        String type = response.headers().firstValue("Content-Type").orElse("");
        return new Imports.Source(filename(response.uri(), type), content, url);
      }
    } catch (HttpTimeoutException e) {
      throw new DocumentRejected("timeout", "the URL did not answer within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      throw new DocumentRejected("unreachable", "cannot fetch the URL: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DocumentRejected("timeout", "the fetch was interrupted");
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
