package io.jingzhi.knowledge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jingzhi.common.net.AddressGuard;
import io.jingzhi.common.net.GuardedResolver;
import io.jingzhi.knowledge.parse.DocumentRejected;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * URL imports against a real local HTTP server: the SSRF guard on the first request, on every redirect hop and at
 * the connection (a fake DNS that rebinds after the check).
 */
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
    server.createContext("/to-rebind", ex -> {
      ex.getResponseHeaders().add("Location", "http://rebind.test:" + server.getAddress().getPort() + "/page.html");
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
    var fetched = new UrlFetcher(true, GuardedResolver.open()).fetch(base + "/to-page", 1 << 20, Duration.ofSeconds(5));
    assertThat(new String(fetched.content(), StandardCharsets.UTF_8)).contains("第一条");
    assertThat(fetched.filename()).isEqualTo("page.html");
  }

  @Test
  void withPrivateNetworksAllowedTheCloudMetadataAddressIsStillRefused() {
    var fetcher = new UrlFetcher(true, GuardedResolver.intranet());
    assertThat(new String(fetcher.fetch(base + "/page.html", 1 << 20, Duration.ofSeconds(5)).content(),
        StandardCharsets.UTF_8)).as("loopback and private addresses are the intranet's").contains("第一条");
    assertThat(reason(() -> fetcher.fetch("http://169.254.169.254/latest/meta-data/", 1 << 20,
        Duration.ofSeconds(5)))).isEqualTo("forbidden_address");
  }

  @Test
  void theGuardRefusesALoopbackAddress() {
    var fetcher = new UrlFetcher(false, GuardedResolver.system());
    assertThatThrownBy(() -> fetcher.fetch(base + "/page.html", 1 << 20, Duration.ofSeconds(5)))
        .isInstanceOf(DocumentRejected.class).hasMessageContaining("127.0.0.1");
    assertThat(reason(() -> fetcher.fetch("http://localhost:1/x", 1 << 20, Duration.ofSeconds(5))))
        .isEqualTo("forbidden_address");
  }

  /** The local server under a public-looking name: the one address the fake DNS below lets through. */
  private static final InetAddress PUBLIC_TEST = address("public.test");
  private final AtomicInteger rebindLookups = new AtomicInteger();

  private static InetAddress address(String name, int... bytes) {
    try {
      byte[] raw = bytes.length == 0 ? new byte[] {127, 0, 0, 1}
          : new byte[] {(byte) bytes[0], (byte) bytes[1], (byte) bytes[2], (byte) bytes[3]};
      return InetAddress.getByAddress(name, raw);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * public.test is the local server, rebind.test answers a public address at the first lookup (the check) and
   * loopback after (the connection); anything else is the system's DNS, judged by the real guard.
   */
  private GuardedResolver fakeDns() {
    return new GuardedResolver(name -> switch (name) {
      case "public.test" -> new InetAddress[] {PUBLIC_TEST};
      case "rebind.test" -> new InetAddress[] {rebindLookups.getAndIncrement() == 0
          ? address("rebind.test", 203, 0, 113, 7) : address("rebind.test", 127, 0, 0, 1)};
      default -> InetAddress.getAllByName(name);
    }, address -> address != PUBLIC_TEST && AddressGuard.blocked(address));
  }

  @Test
  void theGuardJudgesEveryRedirectHop() {
    var fetcher = new UrlFetcher(false, fakeDns());
    String named = base.replace("127.0.0.1", "public.test");
    assertThat(new String(fetcher.fetch(named + "/to-page", 1 << 20, Duration.ofSeconds(5)).content(),
        StandardCharsets.UTF_8)).contains("第一条");
    assertThat(reason(() -> fetcher.fetch(named + "/to-localhost", 1 << 20, Duration.ofSeconds(5))))
        .isEqualTo("forbidden_address");
    assertThat(reason(() -> fetcher.fetch(named + "/loop", 1 << 20, Duration.ofSeconds(5))))
        .isEqualTo("unreachable");
  }

  @Test
  void aDnsAnswerThatTurnsPrivateAfterTheCheckIsRefusedWhenConnecting() {
    var fetcher = new UrlFetcher(false, fakeDns());
    String rebind = base.replace("127.0.0.1", "rebind.test");
    assertThatThrownBy(() -> fetcher.fetch(rebind + "/page.html", 1 << 20, Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(DocumentRejected.class, e -> {
          assertThat(e.reason()).isEqualTo("forbidden_address");
          assertThat(e.getMessage()).contains("when connecting", "rebind.test resolves to 127.0.0.1");
        });
    assertThat(rebindLookups.get()).as("checked once, then judged again at connect").isEqualTo(2);
  }

  @Test
  void aRedirectToARebindingHostIsRefusedAtItsConnection() {
    var fetcher = new UrlFetcher(false, fakeDns());
    String named = base.replace("127.0.0.1", "public.test");
    assertThatThrownBy(() -> fetcher.fetch(named + "/to-rebind", 1 << 20, Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(DocumentRejected.class, e -> {
          assertThat(e.reason()).isEqualTo("forbidden_address");
          assertThat(e.getMessage()).contains("when connecting");
        });
  }
}
