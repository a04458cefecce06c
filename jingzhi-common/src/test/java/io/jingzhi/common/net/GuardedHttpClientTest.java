package io.jingzhi.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManagerFactory;

/**
 * The guarded client against a real local server, with a fake DNS: the address judged is the one connected to
 * (a rebinding answer is refused at connect time), a redirect is judged per hop, and a public-looking name that
 * the test maps to the local server works with its own Host header, TLS SNI and certificate check by name.
 */
class GuardedHttpClientTest {

  private static final byte[] LOOPBACK = {127, 0, 0, 1};
  private HttpServer server;
  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicInteger lookups = new AtomicInteger();
  private volatile String host;
  /** The one address object the tests treat as public: the local server under the name public.test. */
  private InetAddress publicTest;
  private int port;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/echo", ex -> {
      hits.incrementAndGet();
      host = ex.getRequestHeaders().getFirst("Host");
      byte[] body = (ex.getRequestMethod() + " " + new String(ex.getRequestBody().readAllBytes(),
          StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.createContext("/to-rebind", ex -> {
      hits.incrementAndGet();
      ex.getResponseHeaders().add("Location", "http://rebind.test:" + port + "/echo");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    server.start();
    port = server.getAddress().getPort();
    publicTest = InetAddress.getByAddress("public.test", LOOPBACK);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** public.test is the local server; rebind.test answers a public address first and loopback after. */
  private GuardedResolver resolver() {
    return new GuardedResolver(name -> switch (name) {
      case "public.test" -> new InetAddress[] {publicTest};
      case "rebind.test" -> new InetAddress[] {InetAddress.getByAddress("rebind.test",
          lookups.getAndIncrement() == 0 ? new byte[] {(byte) 203, 0, 113, 7} : LOOPBACK)};
      default -> throw new UnknownHostException(name);
    }, address -> address != publicTest && AddressGuard.blocked(address));
  }

  @Test
  void aRebindingAnswerIsRefusedWhenTheConnectionIsOpened() throws Exception {
    GuardedResolver resolver = resolver();
    assertThat(resolver.refusal("rebind.test")).as("the early check sees the public answer").isNull();
    try (HttpClient client = GuardedHttpClient.newBuilder(resolver).build()) {
      var request = HttpRequest.newBuilder(URI.create("http://rebind.test:" + port + "/echo")).build();
      assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(AddressRefusedException.class).hasMessageContaining("127.0.0.1");
    }
    assertThat(lookups.get()).isEqualTo(2);
    assertThat(hits.get()).as("nothing reached the loopback server").isZero();
  }

  @Test
  void aPublicNameIsReachedWithItsOwnHostHeaderAndBody() throws Exception {
    try (HttpClient client = GuardedHttpClient.newBuilder(resolver()).connectTimeout(Duration.ofSeconds(5)).build()) {
      var post = HttpRequest.newBuilder(URI.create("http://public.test:" + port + "/echo"))
          .POST(HttpRequest.BodyPublishers.ofString("你好")).timeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> response = client.send(post, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("POST 你好");
      assertThat(host).isEqualTo("public.test:" + port);
      var get = HttpRequest.newBuilder(URI.create("http://public.test:" + port + "/echo")).build();
      HttpResponse<InputStream> streamed = client.sendAsync(get, HttpResponse.BodyHandlers.ofInputStream()).get();
      try (InputStream in = streamed.body()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("GET ");
      }
    }
    assertThat(hits.get()).isEqualTo(2);
  }

  @Test
  void aRedirectToARefusedAddressIsJudgedOnItsOwnHop() throws Exception {
    lookups.set(1); // rebind.test answers loopback from the start
    try (HttpClient client = GuardedHttpClient.newBuilder(resolver()).followRedirects(HttpClient.Redirect.NORMAL)
        .build()) {
      var request = HttpRequest.newBuilder(URI.create("http://public.test:" + port + "/to-rebind")).build();
      assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(AddressRefusedException.class).hasMessageContaining("rebind.test resolves to 127.0.0.1");
    }
    assertThat(hits.get()).as("the first hop only").isEqualTo(1);
  }

  @Test
  void tlsKeepsSniAndTheCertificateCheckByNameWhileConnectingToTheCheckedAddress(@TempDir Path dir)
      throws Exception {
    // A certificate for public.test only (no IP address in it), made with the JDK's keytool.
    Path keys = dir.resolve("keys.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=public.test",
        "-ext", "SAN=dns:public.test", "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.toString(),
        "-storepass", "changeit").redirectErrorStream(true).start();
    assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keys)) {
      store.load(in, "changeit".toCharArray());
    }
    var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, "changeit".toCharArray());
    var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(store);
    SSLContext serverSsl = SSLContext.getInstance("TLS");
    serverSsl.init(keyManagers.getKeyManagers(), null, null);
    SSLContext clientSsl = SSLContext.getInstance("TLS");
    clientSsl.init(null, trustManagers.getTrustManagers(), null);
    var sni = new java.util.concurrent.atomic.AtomicReference<String>();
    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(serverSsl) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters parameters = serverSsl.getDefaultSSLParameters();
        parameters.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
          @Override
          public boolean matches(SNIServerName name) {
            sni.set(new String(name.getEncoded(), StandardCharsets.US_ASCII));
            return true;
          }
        }));
        params.setSSLParameters(parameters);
      }
    });
    https.createContext("/", ex -> {
      host = ex.getRequestHeaders().getFirst("Host");
      byte[] body = "secure".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    https.start();
    int tlsPort = https.getAddress().getPort();
    InetAddress otherTest = InetAddress.getByAddress("other.test", LOOPBACK);
    var resolver = new GuardedResolver(name -> switch (name) {
      case "public.test" -> new InetAddress[] {publicTest};
      case "other.test" -> new InetAddress[] {otherTest};
      default -> throw new UnknownHostException(name);
    }, address -> address != publicTest && address != otherTest && AddressGuard.blocked(address));
    try (HttpClient client = GuardedHttpClient.newBuilder(resolver).sslContext(clientSsl).build()) {
      var ok = client.send(HttpRequest.newBuilder(URI.create("https://public.test:" + tlsPort + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ok.body()).isEqualTo("secure");
      assertThat(sni.get()).isEqualTo("public.test");
      assertThat(host).isEqualTo("public.test:" + tlsPort);
      assertThat(ok.sslSession()).isPresent();
      // Same address, other name: the certificate does not name it, so the check by name refuses it.
      var wrongName = HttpRequest.newBuilder(URI.create("https://other.test:" + tlsPort + "/")).build();
      assertThatThrownBy(() -> client.send(wrongName, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(SSLException.class).hasMessageContaining("other.test");
    } finally {
      https.stop(0);
    }
  }

  @Test
  void theSystemResolverRefusesLoopbackAndMetadataLiterals() {
    assertThat(GuardedResolver.system().refusal("127.0.0.1")).contains("127.0.0.1");
    assertThat(GuardedResolver.system().refusal("169.254.169.254")).contains("169.254.169.254");
    assertThat(GuardedResolver.open().refusal("127.0.0.1")).isNull();
  }
}
