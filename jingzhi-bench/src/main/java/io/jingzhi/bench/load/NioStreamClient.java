package io.jingzhi.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The load client's streams on one selector thread: every connection is a non-blocking socket driven by a small
 * HTTP/1.1 state machine (status line, headers, chunked or sized body, SSE lines), so a stream costs one read system
 * call per burst of events and no thread hand-offs. It measures the same things as {@link StreamClient} (time to
 * first content, inter-token times, content characters, usage tokens, errors) with a fraction of its CPU, which
 * matters when the client shares two cores with the simulator and the platform under test.
 *
 * <p>Closed loop: {@link #run} keeps {@code concurrency} streams open, each starting its next request when one ends
 * (on the same connection when the server keeps it alive), until {@code requests} are done or the deadline passes.
 */
final class NioStreamClient implements LoadClient {

  private final String target;
  private final InetSocketAddress address;
  private final byte[] request;
  private final long timeoutNanos;
  /** Connections opened over the client's life (a closed loop on keep-alive connections opens one per stream). */
  private long connections;

  NioStreamClient(String baseUrl, String key, String model, int maxTokens, Duration timeout) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.target = base + "/chat/completions";
    URI uri = URI.create(target);
    if (!"http".equals(uri.getScheme())) {
      throw new IllegalArgumentException("the NIO load client speaks plain http only: " + target);
    }
    int port = uri.getPort() > 0 ? uri.getPort() : 80;
    this.address = new InetSocketAddress(uri.getHost(), port);
    this.timeoutNanos = timeout.toNanos();
    this.request = rawPost(uri, key, StreamClient.requestBody(model, maxTokens));
  }

  /**
   * The bytes of an HTTP/1.1 POST of a JSON body to {@code uri} that asks for an event stream (head and body in one
   * array, written with one call), with a bearer key when there is one.
   */
  static byte[] rawPost(URI uri, String key, byte[] body) {
    int port = uri.getPort() > 0 ? uri.getPort() : 80;
    byte[] head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + port
        + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
        + (key != null && !key.isEmpty() ? "Authorization: Bearer " + key + "\r\n" : "")
        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    return request;
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public void run(int concurrency, long requests, long deadlineNanos, Duration ramp, Histogram itl,
      Consumer<StreamOutcome> done, Runnable tick) throws IOException {
    try (Selector selector = Selector.open()) {
      Loop loop = new Loop(selector, requests, deadlineNanos, itl, done);
      long t0 = System.nanoTime();
      int started = 0;
      long lastTick = t0;
      while (started < concurrency || loop.open > 0) {
        long now = System.nanoTime();
        while (started < concurrency && now - t0 >= ramp.toNanos() * started / concurrency) {
          started++;
          loop.next(null);
        }
        long wait = 100;
        if (started < concurrency) {
          long due = t0 + ramp.toNanos() * started / concurrency;
          wait = Math.max(1, Math.min(wait, (due - now) / 1_000_000));
        }
        selector.select(wait);
        now = System.nanoTime();
        for (SelectionKey k : selector.selectedKeys()) {
          loop.ready((Stream) k.attachment(), now);
        }
        selector.selectedKeys().clear();
        if (now - lastTick >= 1_000_000_000L) {
          lastTick = now;
          loop.expire(now);
          if (tick != null) {
            tick.run();
          }
        }
      }
    }
  }

  long connectionsOpened() {
    return connections;
  }

  @Override
  public void close() {}

  /** The selector's bookkeeping: how many streams are open and how many requests may still start. */
  private final class Loop {
    final Selector selector;
    final long deadlineNanos;
    final Histogram itl;
    final Consumer<StreamOutcome> done;
    final List<Stream> streams = new ArrayList<>();
    long remaining;
    int open;

    Loop(Selector selector, long requests, long deadlineNanos, Histogram itl, Consumer<StreamOutcome> done) {
      this.selector = selector;
      this.remaining = requests;
      this.deadlineNanos = deadlineNanos;
      this.itl = itl;
      this.done = done;
    }

    /**
     * Starts the next request of a stream ({@code s} null: a new one), or lets it end when the loop is over. A
     * connection refused at once counts as a failed request and the stream goes on to its next one.
     */
    void next(Stream s) {
      while (true) {
        long now = System.nanoTime();
        if (now >= deadlineNanos || remaining <= 0) {
          if (s != null) {
            s.close();
            open--;
          }
          return;
        }
        remaining--;
        if (s == null) {
          s = new Stream();
          streams.add(s);
          open++;
        }
        try {
          s.begin(selector, now);
          return;
        } catch (IOException e) {
          record(s, "connect", now);
          s.close();
        }
      }
    }

    void ready(Stream s, long now) {
      try {
        if (s.step(now, itl)) {
          finish(s, s.error, now);
        }
      } catch (IOException e) {
        finish(s, s.tally.firstToken == 0 && !s.bodyStarted() ? (s.connected ? "io:" + e.getClass().getSimpleName()
            : "connect") : "io-mid-stream:" + e.getClass().getSimpleName(), now);
      }
    }

    void expire(long now) {
      for (Stream s : streams) {
        if (s.channel != null && s.start != 0 && now - s.start > timeoutNanos) {
          finish(s, "timeout", now);
        }
      }
    }

    private void finish(Stream s, String error, long now) {
      record(s, error, now);
      if (error != null || !s.keepAlive) {
        s.close();
      }
      next(s);
    }

    private void record(Stream s, String error, long now) {
      done.accept(s.tally.outcome(s.start, now, error));
      s.start = 0;
    }
  }

  /** One connection and the request on it. */
  private final class Stream {
    private static final int STATUS = 0;
    private static final int HEADERS = 1;
    private static final int CHUNK_SIZE = 2;
    private static final int CHUNK_DATA = 3;
    private static final int CHUNK_END = 4;
    private static final int TRAILER = 5;
    private static final int SIZED = 6;
    private static final int UNTIL_CLOSE = 7;

    SocketChannel channel;
    SelectionKey key;
    boolean connected;
    final ByteBuffer in = ByteBuffer.allocate(32 * 1024);
    ByteBuffer out;
    /** The bytes of the line being assembled (a header line, a chunk-size line or an SSE line). */
    byte[] line = new byte[1024];
    int lineLength;
    int state;
    long remaining;
    int status;
    boolean chunked;
    long contentLength;
    boolean keepAlive;
    boolean done;
    String error;
    long start;
    final StreamTally tally = new StreamTally();

    void begin(Selector selector, long now) throws IOException {
      state = STATUS;
      lineLength = 0;
      status = 0;
      chunked = false;
      contentLength = -1;
      keepAlive = true;
      done = false;
      error = "no-done";
      tally.reset();
      in.clear();
      out = ByteBuffer.wrap(request);
      start = now;
      if (channel == null) {
        connected = false;
        connections++;
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (channel.connect(address)) {
          connected = true;
          key = channel.register(selector, SelectionKey.OP_WRITE, this);
        } else {
          key = channel.register(selector, SelectionKey.OP_CONNECT, this);
        }
      } else {
        key.interestOps(SelectionKey.OP_WRITE);
      }
    }

    /** Whether the response's headers are in (its body has started). */
    boolean bodyStarted() {
      return state != STATUS && state != HEADERS;
    }

    /** Handles readiness; true when the request has ended (its outcome is then in the fields). */
    boolean step(long now, Histogram itl) throws IOException {
      if (key.isConnectable()) {
        channel.finishConnect();
        connected = true;
        key.interestOps(SelectionKey.OP_WRITE);
      }
      if (key.isValid() && key.isWritable()) {
        channel.write(out);
        if (!out.hasRemaining()) {
          key.interestOps(SelectionKey.OP_READ);
        }
        return false;
      }
      if (!key.isValid() || !key.isReadable()) {
        return false;
      }
      in.clear();
      int n = channel.read(in);
      if (n < 0) {
        keepAlive = false;
        if (state == UNTIL_CLOSE) {
          return true;
        }
        throw new IOException("connection closed by the server");
      }
      in.flip();
      while (in.hasRemaining() && !done) {
        parse(now, itl);
      }
      return done;
    }

    private void parse(long now, Histogram itl) throws IOException {
      switch (state) {
        case STATUS, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILER -> {
          if (!lineUpTo(in.limit())) {
            return;
          }
          String text = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
          lineLength = 0;
          headerLine(text);
        }
        case CHUNK_DATA, SIZED -> {
          int take = (int) Math.min(remaining, in.remaining());
          body(take, now, itl);
          remaining -= take;
          if (remaining == 0) {
            if (state == SIZED) {
              done = true;
            } else {
              state = CHUNK_END;
            }
          }
        }
        default -> body(in.remaining(), now, itl);
      }
    }

    /**
     * Moves bytes of {@link #in}, up to position {@code end}, into {@link #line} until a line feed; true when a whole
     * line is there ({@link #lineLength} then excludes CR LF; the caller resets it).
     */
    private boolean lineUpTo(int end) throws IOException {
      while (in.position() < end) {
        byte b = in.get();
        if (b == '\n') {
          if (lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
          }
          return true;
        }
        if (lineLength == line.length) {
          if (line.length >= 1 << 20) {
            throw new IOException("line longer than 1 MB");
          }
          line = java.util.Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
      }
      return false;
    }

    private void headerLine(String text) throws IOException {
      switch (state) {
        case STATUS -> {
          if (!text.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response");
          }
          status = Integer.parseInt(text.substring(9, 12));
          keepAlive = text.startsWith("HTTP/1.1");
          state = HEADERS;
        }
        case HEADERS -> {
          if (!text.isEmpty()) {
            int colon = text.indexOf(':');
            String name = colon < 0 ? text : text.substring(0, colon).trim();
            String value = colon < 0 ? "" : text.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase().contains("chunked")) {
              chunked = true;
            } else if (name.equalsIgnoreCase("Content-Length")) {
              contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Connection")) {
              keepAlive = !value.equalsIgnoreCase("close");
            }
            return;
          }
          if (status != 200) {
            error = "http-" + status;
          }
          if (chunked) {
            state = CHUNK_SIZE;
          } else if (contentLength >= 0) {
            state = SIZED;
            remaining = contentLength;
            done = contentLength == 0;
          } else {
            state = UNTIL_CLOSE;
            keepAlive = false;
          }
        }
        case CHUNK_SIZE -> {
          int semi = text.indexOf(';');
          long size = Long.parseLong((semi < 0 ? text : text.substring(0, semi)).trim(), 16);
          if (size == 0) {
            state = TRAILER;
          } else {
            remaining = size;
            state = CHUNK_DATA;
          }
        }
        case CHUNK_END -> state = CHUNK_SIZE; // the CR LF after a chunk's data
        case TRAILER -> {
          if (text.isEmpty()) {
            done = true;
          }
        }
        default -> throw new IllegalStateException("state " + state);
      }
    }

    /** {@code n} body bytes from {@link #in}: SSE lines are cut out and measured. */
    private void body(int n, long now, Histogram itl) throws IOException {
      int end = in.position() + n;
      while (lineUpTo(end)) {
        int len = lineLength;
        lineLength = 0;
        if (status == 200 && len >= 5 && line[0] == 'd' && line[4] == ':') {
          event(new String(line, 0, len, StandardCharsets.UTF_8), now, itl);
        }
      }
    }

    private void event(String data, long now, Histogram itl) {
      if (data.regionMatches(5, " [DONE]", 0, 7)) {
        error = null; // the rest of the body (its end) is still read, so the connection can be reused
        return;
      }
      if (data.contains("\"error\"")) {
        error = "error-event";
        keepAlive = false;
        done = true;
        return;
      }
      tally.data(data, now, itl);
    }

    void close() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // closing a socket the server may already have closed
        }
      }
      channel = null;
      key = null;
    }
  }
}
