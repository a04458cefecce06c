package io.jingzhi.server.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.http.HttpNodeExecutor;
import io.jingzhi.agent.testing.FakeNodeContext;
import io.jingzhi.common.net.AddressGuard;
import io.jingzhi.common.net.GuardedResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code http} node against a real local HTTP server (the JDK's): JSON and text responses, request building
 * with auth, query and bodies, redirects, error statuses (5xx and 429 retryable), the timeout, the response size
 * cap, and the SSRF guard on the first hop, after a redirect and at the connection (a fake DNS that rebinds).
 */
class HttpNodeIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static HttpServer server;
  private static String base;
  private static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);

  private final HttpNodeExecutor loose = new HttpNodeExecutor(settings(true));
  private final HttpNodeExecutor strict = new HttpNodeExecutor(settings(false));
  /** The local server under a public-looking name: the one address the fake DNS below lets through. */
  private static final InetAddress PUBLIC_TEST = address("public.test", 127, 0, 0, 1);
  private final AtomicInteger rebindLookups = new AtomicInteger();
  /**
   * A fake DNS for the guard: public.test is the local server, rebind.test answers a public address at the first
   * lookup (the check) and loopback after (the connection), anything else is the system's DNS.
   */
  private final HttpNodeExecutor picky = new HttpNodeExecutor(settings(false), new GuardedResolver(name ->
      switch (name) {
        case "public.test" -> new InetAddress[] {PUBLIC_TEST};
        case "rebind.test" -> new InetAddress[] {rebindLookups.getAndIncrement() == 0
            ? address("rebind.test", 203, 0, 113, 7) : address("rebind.test", 127, 0, 0, 1)};
        default -> InetAddress.getAllByName(name);
      }, address -> address != PUBLIC_TEST && AddressGuard.blocked(address)));

  private static InetAddress address(String name, int... bytes) {
    try {
      return InetAddress.getByAddress(name, new byte[] {(byte) bytes[0], (byte) bytes[1], (byte) bytes[2],
          (byte) bytes[3]});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static AgentProperties.Http settings(boolean allowPrivate) {
    return new AgentProperties.Http(Duration.ofSeconds(10), DataSize.ofKilobytes(4), allowPrivate);
  }

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/echo", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      var echo = new java.util.LinkedHashMap<String, Object>();
      echo.put("method", ex.getRequestMethod());
      echo.put("query", ex.getRequestURI().getRawQuery());
      echo.put("authorization", ex.getRequestHeaders().getFirst("Authorization"));
      echo.put("api_key", ex.getRequestHeaders().getFirst("X-Api-Key"));
      echo.put("content_type", ex.getRequestHeaders().getFirst("Content-Type"));
      echo.put("body", body);
      send(ex, 200, "application/json", JSON.writeValueAsString(echo), StandardCharsets.UTF_8);
    });
    server.createContext("/gbk", ex -> send(ex, 200, "text/plain; charset=GBK", "你好，世界", Charset.forName("GBK")));
    server.createContext("/status/", ex -> {
      int code = Integer.parseInt(ex.getRequestURI().getPath().substring("/status/".length()));
      send(ex, code, "application/json", "{\"error\": \"status " + code + "\"}", StandardCharsets.UTF_8);
    });
    server.createContext("/big", ex -> send(ex, 200, "text/plain", "x".repeat(5000), StandardCharsets.UTF_8));
    server.createContext("/exact", ex -> send(ex, 200, "text/plain", "y".repeat(4096), StandardCharsets.UTF_8));
    server.createContext("/slow", ex -> {
      try {
        RELEASE_SLOW.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      send(ex, 200, "text/plain", "late", StandardCharsets.UTF_8);
    });
    server.createContext("/redirect", ex -> redirect(ex, 302, base + "/echo?from=redirect"));
    server.createContext("/see-other", ex -> redirect(ex, 303, base + "/echo"));
    server.createContext("/to-rebind", ex -> redirect(ex, 302,
        "http://rebind.test:" + server.getAddress().getPort() + "/echo"));
    server.createContext("/to-localhost", ex -> redirect(ex, 302,
        "http://localhost:" + server.getAddress().getPort() + "/echo"));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    RELEASE_SLOW.countDown();
    server.stop(0);
  }

  private static void send(HttpExchange ex, int status, String type, String body, Charset charset)
      throws IOException {
    byte[] bytes = body.getBytes(charset);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.getResponseHeaders().add("X-Served-By", "test");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private static void redirect(HttpExchange ex, int status, String location) throws IOException {
    ex.getRequestBody().readAllBytes();
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(status, -1);
    ex.close();
  }

  private static FakeNodeContext node(String config) {
    return new FakeNodeContext("http", config.replace("BASE", base), Map.of(
        "start", Map.of("q", "社保 卡", "n", 2, "items", java.util.List.of("a", "b")),
        "env", Map.of("TOKEN", "tok-secret-123", "KEY", "key-secret-456")), FakeNodeContext.user(1, 1));
  }

  @Test
  void aJsonResponseIsParsedAndTheRequestCarriesQueryAuthAndBody() throws Exception {
    NodeResult r = loose.execute(node("""
        {"method": "POST", "url": "BASE/echo", "query": {"q": "{{start.q}}"},
         "body": {"type": "json", "content": {"n": "{{start.n}}", "items": "{{start.items}}"}},
         "auth": {"type": "bearer", "token": "{{env.TOKEN}}"}}"""));
    assertThat(r.outputs().get("status_code")).isEqualTo(200);
    @SuppressWarnings("unchecked")
    Map<String, Object> body = (Map<String, Object>) r.outputs().get("body");
    assertThat(body).containsEntry("method", "POST").containsEntry("authorization", "Bearer tok-secret-123")
        .containsEntry("query", "q=%E7%A4%BE%E4%BF%9D+%E5%8D%A1")
        .containsEntry("content_type", "application/json; charset=utf-8")
        .containsEntry("body", "{\"n\":2,\"items\":[\"a\",\"b\"]}");
    assertThat((String) r.outputs().get("text")).contains("\"method\":\"POST\"");
    assertThat(((Map<?, ?>) r.outputs().get("headers")).get("x-served-by")).isEqualTo("test");
    assertThat(r.details().toString()).doesNotContain("tok-secret-123").contains("******");
  }

  @Test
  void formBodiesApiKeysAndRedirectsWork() throws Exception {
    NodeResult form = loose.execute(node("""
        {"method": "PUT", "url": "BASE/echo", "body": {"type": "form", "content": {"a": "1 2", "b": "{{start.q}}"}},
         "auth": {"type": "api_key", "name": "X-Api-Key", "value": "{{env.KEY}}"}}"""));
    Map<?, ?> echo = (Map<?, ?>) form.outputs().get("body");
    assertThat(echo.get("body")).isEqualTo("a=1+2&b=%E7%A4%BE%E4%BF%9D+%E5%8D%A1");
    assertThat(echo.get("api_key")).isEqualTo("key-secret-456");
    assertThat(form.details().toString()).doesNotContain("key-secret-456");

    Map<?, ?> redirected = (Map<?, ?>) loose.execute(node("{\"url\": \"BASE/redirect\"}")).outputs().get("body");
    assertThat(redirected.get("query")).isEqualTo("from=redirect");
    Map<?, ?> seeOther = (Map<?, ?>) loose.execute(node("""
        {"method": "POST", "url": "BASE/see-other", "body": {"type": "raw", "content": "x"}}""")).outputs()
        .get("body");
    assertThat(seeOther.get("method")).as("303 turns a POST into a GET").isEqualTo("GET");
  }

  @Test
  void textIsDecodedByItsCharset() throws Exception {
    NodeResult r = loose.execute(node("{\"url\": \"BASE/gbk\"}"));
    assertThat(r.outputs().get("body")).isEqualTo("你好，世界");
    assertThat(r.outputs().get("text")).isEqualTo("你好，世界");
  }

  @Test
  void errorStatusesFailWithTheirCodeAndOnlyServerTroubleIsRetryable() {
    assertFailure(() -> loose.execute(node("{\"url\": \"BASE/status/503\"}")), "http.status_503", true);
    assertFailure(() -> loose.execute(node("{\"url\": \"BASE/status/500\"}")), "http.status_500", true);
    assertFailure(() -> loose.execute(node("{\"url\": \"BASE/status/429\"}")), "http.status_429", true);
    assertFailure(() -> loose.execute(node("{\"url\": \"BASE/status/404\"}")), "http.status_404", false);
    assertFailure(() -> loose.execute(node("{\"url\": \"http://127.0.0.1:9/nothing\"}")), "http.connect_failed",
        true);
  }

  @Test
  void theTimeoutAndTheSizeCapAreEnforced() throws Exception {
    assertFailure(() -> loose.execute(node("{\"url\": \"BASE/slow\", \"timeout_ms\": 300}")), "http.timeout", true);
    assertFailure(() -> loose.execute(node("{\"url\": \"BASE/big\"}")), "http.response_too_large", false);
    assertThat((String) loose.execute(node("{\"url\": \"BASE/exact\"}")).outputs().get("text")).hasSize(4096);
  }

  @Test
  void privateAddressesAreRefusedUnlessAllowedAlsoAfterARedirect() throws Exception {
    assertFailure(() -> strict.execute(node("{\"url\": \"BASE/echo\"}")), "http.forbidden_address", false);
    assertFailure(() -> strict.execute(node("{\"url\": \"http://localhost:1/x\"}")), "http.forbidden_address", false);
    assertFailure(() -> strict.execute(node("{\"url\": \"http://169.254.169.254/latest/meta-data\"}")),
        "http.forbidden_address", false);
    String named = base.replace("127.0.0.1", "public.test");
    NodeResult ok = picky.execute(node("{\"url\": \"" + named + "/echo\"}"));
    assertThat(ok.outputs().get("status_code")).isEqualTo(200);
    assertFailure(() -> picky.execute(node("{\"url\": \"" + named + "/to-localhost\"}")), "http.forbidden_address",
        false);
  }

  @Test
  void aDnsAnswerThatTurnsPrivateAfterTheCheckIsRefusedWhenConnecting() {
    String rebind = base.replace("127.0.0.1", "rebind.test");
    assertThatThrownBy(() -> picky.execute(node("{\"url\": \"" + rebind + "/echo\"}")))
        .isInstanceOfSatisfying(NodeFailure.class, f -> {
          assertThat(f.code()).isEqualTo("http.forbidden_address");
          assertThat(f.getMessage()).contains("when connecting", "rebind.test resolves to 127.0.0.1");
        });
    assertThat(rebindLookups.get()).as("checked once, then judged again at connect").isEqualTo(2);
  }

  @Test
  void aRedirectToARebindingHostIsJudgedAtItsConnection() {
    String named = base.replace("127.0.0.1", "public.test");
    assertThatThrownBy(() -> picky.execute(node("{\"url\": \"" + named + "/to-rebind\"}")))
        .isInstanceOfSatisfying(NodeFailure.class, f -> {
          assertThat(f.code()).isEqualTo("http.forbidden_address");
          assertThat(f.getMessage()).contains("when connecting");
        });
  }

  private static void assertFailure(ThrowingCallable call, String code, boolean retryable) {
    assertThatThrownBy(call).isInstanceOfSatisfying(NodeFailure.class, f -> {
      assertThat(f.code()).as("code of %s", f.getMessage()).isEqualTo(code);
      assertThat(f.retryable()).as("retryable of %s", code).isEqualTo(retryable);
    });
  }
}
