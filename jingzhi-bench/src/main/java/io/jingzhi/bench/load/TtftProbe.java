package io.jingzhi.bench.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Time to first token at concurrency 1, for comparing targets that differ by tenths of a millisecond: the model
 * server called directly (the first target, the baseline) against one or more gateways in front of it.
 *
 * <p>Each iteration sends one streaming chat completion to every target, in a shuffled order, over one keep-alive
 * socket per target, from a single platform thread (the client adds no thread hand-offs of its own, unlike an
 * HTTP client with a selector). TTFT is the time from writing the request to reading the first event with
 * non-empty {@code delta.content}; the rest of the stream is read to its end so the connection is reused. The
 * figure reported for a gateway is the <b>median of the per-iteration differences</b> against the baseline, so slow
 * drift of the machine's load cancels out; the TTFT medians of every target are given too.
 *
 * <pre>
 * java -cp jingzhi-benchmarks.jar io.jingzhi.bench.load.TtftProbe --iterations 300 --warmup 50 --max-tokens 2 \
 *   --target direct=http://127.0.0.1:9000/v1 --target gateway=http://127.0.0.1:8080/v1,sk-...,load-chat
 * </pre>
 *
 * A target is {@code name=baseUrl[,key[,model]]} (model defaults to {@code sim-chat}). Loopback only. Options:
 * {@code --iterations} (300), {@code --warmup} (50 iterations, not counted), {@code --max-tokens} (2),
 * {@code --pause-ms} (0: pause between iterations, on top of the streams' own length),
 * {@code --prompt} (the same prompt as StreamLoad).
 */
public final class TtftProbe {

  private TtftProbe() {}

  record Target(String name, URI base, String key, String model) {}

  public static void main(String[] argv) throws Exception {
    List<Target> targets = new ArrayList<>();
    int iterations = 300;
    int warmup = 50;
    int maxTokens = 2;
    long pauseMs = 0;
    String prompt = "请用一句话介绍京智平台。";
    for (int i = 0; i < argv.length; i++) {
      String v = i + 1 < argv.length ? argv[i + 1] : null;
      switch (argv[i]) {
        case "--target" -> targets.add(target(v));
        case "--iterations" -> iterations = Integer.parseInt(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--max-tokens" -> maxTokens = Integer.parseInt(v);
        case "--pause-ms" -> pauseMs = Long.parseLong(v);
        case "--prompt" -> prompt = v;
        default -> throw new IllegalArgumentException("unknown option " + argv[i]);
      }
      i++;
    }
    if (targets.size() < 2) {
      throw new IllegalArgumentException("give at least two --target: the baseline first, then what to compare");
    }
    List<Conn> conns = new ArrayList<>();
    for (Target t : targets) {
      conns.add(new Conn(t, body(t.model(), maxTokens, prompt)));
    }
    long[][] ttft = new long[targets.size()][iterations];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      order.add(i);
    }
    Random random = new Random(42);
    for (int it = -warmup; it < iterations; it++) {
      Collections.shuffle(order, random);
      for (int i : order) {
        long t = conns.get(i).call();
        if (it >= 0) {
          ttft[i][it] = t;
        }
      }
      if (pauseMs > 0) {
        Thread.sleep(pauseMs);
      }
    }
    for (Conn c : conns) {
      c.close();
    }
    System.out.printf(Locale.ROOT, "TtftProbe: %d iterations (+%d warm-up), max_tokens %d, shuffled order%n",
        iterations, warmup, maxTokens);
    System.out.printf(Locale.ROOT, "%-14s %10s %10s %10s   %s%n", "target", "TTFT p50", "p10", "p90",
        "added vs " + targets.get(0).name() + ": median of per-iteration differences [p25, p75]");
    for (int i = 0; i < targets.size(); i++) {
      long[] d = new long[iterations];
      for (int it = 0; it < iterations; it++) {
        d[it] = ttft[i][it] - ttft[0][it];
      }
      long[] s = ttft[i].clone();
      Arrays.sort(s);
      Arrays.sort(d);
      System.out.printf(Locale.ROOT, "%-14s %8.3f ms %7.3f ms %7.3f ms   %s%n", targets.get(i).name(),
          ms(pct(s, 50)), ms(pct(s, 10)), ms(pct(s, 90)),
          i == 0 ? "(baseline)" : String.format(Locale.ROOT, "%+.3f ms [%+.3f, %+.3f]", ms(pct(d, 50)),
              ms(pct(d, 25)), ms(pct(d, 75))));
    }
  }

  private static Target target(String spec) {
    int eq = spec.indexOf('=');
    String[] parts = spec.substring(eq + 1).split(",");
    URI base = URI.create(parts[0].endsWith("/") ? parts[0] : parts[0] + "/");
    String host = base.getHost();
    try {
      if (!InetAddress.getByName(host).isLoopbackAddress()) {
        throw new IllegalArgumentException("only loopback targets: " + spec);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(spec, e);
    }
    return new Target(spec.substring(0, eq), base, parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null,
        parts.length > 2 ? parts[2] : "sim-chat");
  }

  private static byte[] body(String model, int maxTokens, String prompt) {
    String p = prompt.replace("\\", "\\\\").replace("\"", "\\\"");
    return ("{\"model\":\"" + model + "\",\"stream\":true,\"max_tokens\":" + maxTokens
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + p + "\"}]}").getBytes(StandardCharsets.UTF_8);
  }

  private static long pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.round(p / 100.0 * (sorted.length - 1)))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** One keep-alive HTTP/1.1 connection to a target; reconnects when the server closed it. */
  private static final class Conn {
    private final Target target;
    private final byte[] request;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Conn(Target target, byte[] body) {
      this.target = target;
      this.request = NioStreamClient.rawPost(target.base().resolve("chat/completions"), target.key(), body);
    }

    /** One streamed request; returns the nanoseconds from sending it to the first non-empty content. */
    long call() throws IOException {
      for (int attempt = 0; ; attempt++) {
        try {
          if (socket == null) {
            socket = new Socket(target.base().getHost(), target.base().getPort());
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 16384);
            out = socket.getOutputStream();
          }
          long start = System.nanoTime();
          out.write(request);
          out.flush();
          return read(start);
        } catch (IOException e) {
          close();
          if (attempt > 0) {
            throw new IOException(target.name() + ": " + e.getMessage(), e);
          }
        }
      }
    }

    private long read(long start) throws IOException {
      String status = line();
      if (status == null || !status.startsWith("HTTP/1.1 200")) {
        throw new IOException("unexpected status " + status);
      }
      boolean chunked = false;
      boolean close = false;
      for (String h = line(); h != null && !h.isEmpty(); h = line()) {
        String l = h.toLowerCase(Locale.ROOT);
        chunked |= l.startsWith("transfer-encoding:") && l.contains("chunked");
        close |= l.startsWith("connection:") && l.contains("close");
      }
      if (!chunked) {
        throw new IOException("expected a chunked event stream");
      }
      long first = -1;
      StringBuilder pending = new StringBuilder();
      boolean done = false;
      while (true) {
        String size = line();
        if (size == null) {
          throw new IOException("connection closed mid-stream");
        }
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          line(); // the empty line after the last chunk (no trailers)
          break;
        }
        byte[] data = in.readNBytes(n);
        if (data.length < n) {
          throw new IOException("short chunk");
        }
        line();
        if (first < 0) {
          pending.append(new String(data, StandardCharsets.UTF_8));
          int end;
          while ((end = pending.indexOf("\n\n")) >= 0) {
            String event = pending.substring(0, end);
            pending.delete(0, end + 2);
            if (first < 0 && hasContent(event)) {
              first = System.nanoTime() - start;
            }
            done |= event.contains("[DONE]");
          }
        }
      }
      if (close) {
        close();
      }
      if (first < 0) {
        throw new IOException("no content in the stream" + (done ? "" : " (and no [DONE])"));
      }
      return first;
    }

    /** Whether an SSE event carries non-empty {@code "content"} (a JSON string that is not {@code ""}). */
    static boolean hasContent(String event) {
      int i = event.indexOf("\"content\":");
      while (i >= 0) {
        int v = i + "\"content\":".length();
        while (v < event.length() && event.charAt(v) == ' ') {
          v++;
        }
        if (v + 1 < event.length() && event.charAt(v) == '"' && event.charAt(v + 1) != '"') {
          return true;
        }
        i = event.indexOf("\"content\":", v);
      }
      return false;
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream(64);
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          byte[] bytes = b.toByteArray();
          int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
          return new String(bytes, 0, len, StandardCharsets.UTF_8);
        }
        b.write(c);
      }
      return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      socket = null;
    }
  }
}
