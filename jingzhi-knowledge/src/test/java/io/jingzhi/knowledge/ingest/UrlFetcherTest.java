package io.jingzhi.knowledge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jingzhi.common.net.AddressGuard;
import io.jingzhi.knowledge.parse.DocumentRejected;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** URL imports against a real local HTTP server: the SSRF guard on the first request and on every redirect hop. */
class UrlFetcherTest {

  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/page.html", ex -> {
      byte[] body = "<html><body>第一条 为了规范政务服务。</body></html>".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.createContext("/to-localhost", ex -> {
      ex.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort() + "/page.html");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    server.createContext("/to-page", ex -> {
      ex.getResponseHeaders().add("Location", "/page.html");
      ex.sendResponseHeaders(301, -1);
      ex.close();
    });
    server.createContext("/loop", ex -> {
      ex.getResponseHeaders().add("Location", "/loop");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static String reason(Runnable fetch) {
    try {
      fetch.run();
    } catch (DocumentRejected e) {
      return e.reason();
    }
    return null;
  }

  @Test
  void privateNetworksAllowedFetchesTheIntranetPage() {
    var fetched = new UrlFetcher(true, AddressGuard::refusal).fetch(base + "/to-page", 1 << 20, Duration.ofSeconds(5));
    assertThat(new String(fetched.content(), StandardCharsets.UTF_8)).contains("第一条");
    assertThat(fetched.filename()).isEqualTo("page.html");
  }

  @Test
  void theGuardRefusesALoopbackAddress() {
    var fetcher = new UrlFetcher(false, AddressGuard::refusal);
    assertThatThrownBy(() -> fetcher.fetch(base + "/page.html", 1 << 20, Duration.ofSeconds(5)))
        .isInstanceOf(DocumentRejected.class).hasMessageContaining("127.0.0.1");
    assertThat(reason(() -> fetcher.fetch("http://localhost:1/x", 1 << 20, Duration.ofSeconds(5))))
        .isEqualTo("forbidden_address");
  }

  @Test
  void theGuardJudgesEveryRedirectHop() {
    // 127.0.0.1 passes this test's guard so the server can be reached; "localhost" stands for a private target.
    var fetcher = new UrlFetcher(false, host -> host.equals("localhost") ? "localhost is private" : null);
    assertThat(new String(fetcher.fetch(base + "/to-page", 1 << 20, Duration.ofSeconds(5)).content(),
        StandardCharsets.UTF_8)).contains("第一条");
    assertThat(reason(() -> fetcher.fetch(base + "/to-localhost", 1 << 20, Duration.ofSeconds(5))))
        .isEqualTo("forbidden_address");
    assertThat(reason(() -> fetcher.fetch(base + "/loop", 1 << 20, Duration.ofSeconds(5)))).isEqualTo("unreachable");
  }
}
