package io.jingzhi.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.common.crypto.SecretBox;
import io.jingzhi.gateway.registry.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upstream client against a raw socket server that misbehaves the way real model servers do. */
class UpstreamClientTest {

  private final UpstreamClient client = new UpstreamClient(new SecretBox(new byte[32]));
  private ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();

  @AfterEach
  void stop() throws IOException {
    client.close();
    if (server != null) {
      server.close();
    }
  }

  /** Serves every accepted connection on its own thread with {@code handler(in, out)}. */
  private Endpoint serve(BiConsumer<BufferedReader, OutputStream> handler) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          connections.incrementAndGet();
          Thread.ofVirtual().start(() -> {
            try (s) {
              handler.accept(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)),
                  s.getOutputStream());
            } catch (IOException ignored) {
              // the test decides when connections end
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    });
    return new Endpoint(1, "http://127.0.0.1:" + server.getLocalPort() + "/v1", "m", null, 1, 0, null, 2_000,
        5_000, 5_000, 10_000, true);
  }

  /** Reads one request (headers and a Content-Length body); false at the end of the connection. */
  private static boolean readRequest(BufferedReader in) {
    try {
      String line = in.readLine();
      if (line == null) {
        return false;
      }
      int length = 0;
      while ((line = in.readLine()) != null && !line.isEmpty()) {
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).strip());
        }
      }
      in.skip(length);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void write(OutputStream out, String text) {
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aPooledConnectionTheServerClosedIsRetriedOnAFreshOne() throws IOException {
    // Answers one request per connection, announces keep-alive, then closes: the JDK's HTTP server does this to
    // connections over its idle limit, uvicorn to those idle for 5 s.
    Endpoint endpoint = serve((in, out) -> {
      if (readRequest(in)) {
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n"
            + "Connection: keep-alive\r\n\r\n{\"ok\":1}\n");
      }
    });
    for (int i = 0; i < 3; i++) {
      try (UpstreamClient.Exchange ex = client.post(endpoint, "/chat/completions", "{}".getBytes(),
          Duration.ofSeconds(5))) {
        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.readAll()).isEqualTo("{\"ok\":1}\n");
      }
    }
    assertThat(connections.get()).as("a fresh connection after each closed one").isGreaterThanOrEqualTo(3);
  }

  @Test
  void keepAliveConnectionsAreReusedAfterAStreamIsFinished() throws IOException {
    Endpoint endpoint = serve((in, out) -> {
      while (readRequest(in)) {
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
        String event = "data: {\"x\":1}\n\ndata: [DONE]\n\n";
        write(out, Integer.toHexString(event.length()) + "\r\n" + event + "\r\n0\r\n\r\n");
      }
    });
    for (int i = 0; i < 3; i++) {
      UpstreamClient.Exchange ex = client.post(endpoint, "/chat/completions", "{}".getBytes(), Duration.ofSeconds(5));
      BufferedReader reader = new BufferedReader(new InputStreamReader(ex.body(), StandardCharsets.UTF_8));
      assertThat(reader.readLine()).isEqualTo("data: {\"x\":1}");
      ex.finish();
      ex.close();
    }
    assertThat(connections.get()).as("one connection for three streams").isEqualTo(1);
  }

  @Test
  void moreBufferedSeesEventsInLaterChunksThatHaveArrived() throws Exception {
    CountDownLatch third = new CountDownLatch(1);
    Endpoint endpoint = serve((in, out) -> {
      if (readRequest(in)) {
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
        // two events, each its own chunk, in one write: they arrive together
        String one = "data: {\"x\":1}\n\n";
        String two = "data: {\"x\":2}\n\n";
        write(out, Integer.toHexString(one.length()) + "\r\n" + one + "\r\n"
            + Integer.toHexString(two.length()) + "\r\n" + two + "\r\n");
        try {
          third.await();
        } catch (InterruptedException e) {
          return;
        }
        String rest = "data: [DONE]\n\n";
        write(out, Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\n\r\n");
      }
    });
    try (UpstreamClient.Exchange ex = client.post(endpoint, "/chat/completions", "{}".getBytes(),
        Duration.ofSeconds(5))) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(ex.body(), StandardCharsets.UTF_8), 1);
      assertThat(reader.readLine()).isEqualTo("data: {\"x\":1}");
      assertThat(reader.readLine()).isEmpty();
      assertThat(ex.body().available()).as("the body stream alone stops at the end of its chunk").isZero();
      assertThat(ex.moreBuffered()).as("the second chunk is in the connection's buffer").isTrue();
      assertThat(reader.readLine()).isEqualTo("data: {\"x\":2}");
      assertThat(reader.readLine()).isEmpty();
      assertThat(ex.moreBuffered()).as("nothing has arrived after the second event").isFalse();
      third.countDown();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!ex.moreBuffered() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(ex.moreBuffered()).as("bytes waiting on the socket count too").isTrue();
      assertThat(reader.readLine()).isEqualTo("data: [DONE]");
    }
  }

  @Test
  void closingFromAnotherThreadEndsABlockedReadAndDropsTheConnection() throws Exception {
    CountDownLatch upstreamSawClose = new CountDownLatch(1);
    Endpoint endpoint = serve((in, out) -> {
      if (readRequest(in)) {
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
        String event = "data: {\"x\":1}\n\n";
        write(out, Integer.toHexString(event.length()) + "\r\n" + event + "\r\n");
        try {
          while (in.read() >= 0) {
            // the client sends nothing more; the read ends when it closes the connection
          }
        } catch (IOException ignored) {
          // reset by the client
        }
        upstreamSawClose.countDown();
      }
    });
    UpstreamClient.Exchange ex = client.post(endpoint, "/chat/completions", "{}".getBytes(), Duration.ofSeconds(5));
    InputStream body = ex.body();
    BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    assertThat(reader.readLine()).isEqualTo("data: {\"x\":1}");
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException ignored) {
        // close now
      }
      ex.close(); // what the stream watchdog and a client disconnect do
    });
    assertThatThrownBy(() -> {
      while (reader.readLine() != null) {
        // blocks until the other thread closes the exchange
      }
      throw new IOException("ended");
    }).isInstanceOf(IOException.class);
    assertThat(upstreamSawClose.await(5, TimeUnit.SECONDS)).as("the upstream sees the connection close").isTrue();
  }

  @Test
  void anErrorStatusCarriesTheUpstreamBody() throws IOException {
    Endpoint endpoint = serve((in, out) -> {
      while (readRequest(in)) {
        write(out, "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 28\r\n\r\n"
            + "{\"error\":\"no stream_options\"}".substring(0, 28));
      }
    });
    assertThatThrownBy(() -> client.post(endpoint, "/chat/completions", "{}".getBytes(), Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(UpstreamException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(String.valueOf(e.body())).contains("stream_options");
        });
  }

  /** Headers and a first event at once, then a second event after {@code gap}, then the end; chunked. */
  private Endpoint streamWithAGap(CountDownLatch gap) throws IOException {
    return serve((in, out) -> {
      if (readRequest(in)) {
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
        String first = "data: {\"x\":1}\n\n";
        write(out, Integer.toHexString(first.length()) + "\r\n" + first + "\r\n");
        try {
          gap.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
          return;
        }
        String rest = "data: {\"x\":2}\n\ndata: [DONE]\n\n";
        write(out, Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\n\r\n");
      }
    });
  }

  @Test
  void afterTheFirstTokenReadsWaitUpToTheIdleTimeoutNotTheHeaderTimeout() throws Exception {
    CountDownLatch gap = new CountDownLatch(1);
    Endpoint endpoint = streamWithAGap(gap);
    // The header timeout (a stream's first-token timeout) is short; the gap between events is longer than it.
    try (UpstreamClient.Exchange ex = client.post(endpoint, "/chat/completions", "{}".getBytes(),
        Duration.ofMillis(150))) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(ex.body(), StandardCharsets.UTF_8));
      assertThat(reader.readLine()).isEqualTo("data: {\"x\":1}");
      ex.readTimeout(Duration.ofSeconds(10));
      Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(600);
        } catch (InterruptedException ignored) {
          // send now
        }
        gap.countDown();
      });
      assertThat(reader.readLine()).isEmpty();
      assertThat(reader.readLine()).as("the second event after a gap four times the header timeout")
          .isEqualTo("data: {\"x\":2}");
    }
  }

  @Test
  void theIdleTimeoutEndsAReadThatWaitsLonger() throws Exception {
    CountDownLatch gap = new CountDownLatch(1);
    Endpoint endpoint = streamWithAGap(gap);
    try (UpstreamClient.Exchange ex = client.post(endpoint, "/chat/completions", "{}".getBytes(),
        Duration.ofSeconds(10))) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(ex.body(), StandardCharsets.UTF_8));
      assertThat(reader.readLine()).isEqualTo("data: {\"x\":1}");
      assertThat(reader.readLine()).isEmpty();
      ex.readTimeout(Duration.ofMillis(200)); // the stream-idle timeout, shorter than the header timeout here
      assertThatThrownBy(reader::readLine).isInstanceOf(SocketTimeoutException.class);
    } finally {
      gap.countDown();
    }
  }

  @Test
  void theHeaderTimeoutAppliesAgainToTheNextRequestOnAReusedConnection() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    Endpoint endpoint = serve((in, out) -> {
      while (readRequest(in)) {
        if (requests.incrementAndGet() == 1) {
          write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
          String event = "data: {\"x\":1}\n\ndata: [DONE]\n\n";
          write(out, Integer.toHexString(event.length()) + "\r\n" + event + "\r\n0\r\n\r\n");
        } else {
          try {
            Thread.sleep(10_000); // never answers the second request
          } catch (InterruptedException ignored) {
            return;
          }
        }
      }
    });
    UpstreamClient.Exchange first = client.post(endpoint, "/chat/completions", "{}".getBytes(), Duration.ofSeconds(5));
    first.readTimeout(Duration.ofSeconds(30));
    first.finish();
    first.close();
    assertThatThrownBy(() -> client.post(endpoint, "/chat/completions", "{}".getBytes(), Duration.ofMillis(300)))
        .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.getMessage()).contains("in time"));
    assertThat(connections.get()).as("the second request ran on the first one's connection").isEqualTo(1);
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws IOException {
    Endpoint endpoint = serve((in, out) -> {
      readRequest(in);
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException ignored) {
        // test over
      }
    });
    assertThatThrownBy(() -> client.post(endpoint, "/chat/completions", "{}".getBytes(), Duration.ofMillis(300)))
        .isInstanceOfSatisfying(UpstreamException.class, e -> {
          assertThat(e.isTransient()).isTrue();
          assertThat(e.getMessage()).contains("no response").contains("in time");
        });
  }
}
