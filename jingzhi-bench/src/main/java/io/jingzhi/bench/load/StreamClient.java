package io.jingzhi.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Sends streaming chat completions to one OpenAI-compatible base URL (the gateway with a key, or a model server
 * directly) and times each stream as a client sees it. Several JDK HTTP clients share the connections, because
 * each client has a single selector thread; requests block virtual threads.
 */
final class StreamClient implements LoadClient {

  private final String target;
  private final String key;
  private final byte[] body;
  private final Duration timeout;
  private final HttpClient[] clients;
  private final AtomicInteger next = new AtomicInteger();

  StreamClient(String baseUrl, String key, String model, int maxTokens, int clientCount, Duration timeout) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.target = base + "/chat/completions";
    this.key = key;
    this.timeout = timeout;
    this.body = requestBody(model, maxTokens);
    this.clients = new HttpClient[Math.max(1, clientCount)];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }
  }

  /** The chat request every load client sends: a short Chinese question, streamed, usage asked for. */
  static byte[] requestBody(String model, int maxTokens) {
    return ("{\"model\":\"" + model + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + (maxTokens > 0 ? "\"max_tokens\":" + maxTokens + "," : "")
        + "\"messages\":[{\"role\":\"user\",\"content\":\"请用一句话介绍京智平台。\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String target() {
    return target;
  }

  /** The closed loop on virtual threads: one per stream, each blocking on its request. */
  @Override
  public void run(int concurrency, long requests, long deadlineNanos, Duration ramp, Histogram itl,
      Consumer<StreamOutcome> done, Runnable tick) throws InterruptedException {
    AtomicLong remaining = new AtomicLong(requests);
    List<Histogram> itls = Collections.synchronizedList(new ArrayList<>());
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < concurrency; i++) {
        long delay = concurrency > 1 ? ramp.toNanos() * i / concurrency : 0;
        workers.submit(() -> {
          Histogram own = new Histogram(60_000_000L, 2);
          itls.add(own);
          if (delay > 0) {
            TimeUnit.NANOSECONDS.sleep(delay);
          }
          while (System.nanoTime() < deadlineNanos && remaining.getAndDecrement() > 0) {
            done.accept(call(own));
          }
          return null;
        });
      }
      workers.shutdown();
      while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
        if (tick != null) {
          tick.run();
        }
      }
    }
    synchronized (itls) {
      itls.forEach(itl::add);
    }
  }

  /** One streaming request; inter-token gaps go into {@code itl} (microseconds), owned by the calling worker. */
  StreamOutcome call(Histogram itl) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(timeout)
        .header("Content-Type", "application/json").header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null && !key.isEmpty()) {
      request.header("Authorization", "Bearer " + key);
    }
    HttpClient client = clients[Math.floorMod(next.getAndIncrement(), clients.length)];
    long start = System.nanoTime();
    StreamTally tally = new StreamTally();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      return new StreamOutcome(start, 0, 0, System.nanoTime(), 0, "timeout");
    } catch (ConnectException e) {
      return new StreamOutcome(start, 0, 0, System.nanoTime(), 0, "connect");
    } catch (IOException e) {
      return new StreamOutcome(start, 0, 0, System.nanoTime(), 0, "io:" + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new StreamOutcome(start, 0, 0, System.nanoTime(), 0, "interrupted");
    }
    String error = "no-done";
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      if (response.statusCode() != 200) {
        reader.transferTo(java.io.Writer.nullWriter());
        return new StreamOutcome(start, 0, 0, System.nanoTime(), 0, "http-" + response.statusCode());
      }
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.startsWith("data:")) {
          continue;
        }
        long now = System.nanoTime();
        if (line.regionMatches(5, " [DONE]", 0, 7)) {
          error = null;
          // Read the body to its end, as the official OpenAI SDK does after [DONE]: the connection then goes back
          // to the pool. Closing it at [DONE] instead races the end of the body and costs a new connection.
          reader.transferTo(java.io.Writer.nullWriter());
          break;
        }
        if (line.contains("\"error\"")) {
          error = "error-event";
          break;
        }
        tally.data(line, now, itl);
      }
    } catch (IOException e) {
      error = "io-mid-stream:" + describe(e);
    }
    return tally.outcome(start, System.nanoTime(), error);
  }

  /** The exception's class and message, short enough to group errors by. */
  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : " " + (m.length() > 60 ? m.substring(0, 60) : m));
  }

  @Override
  public void close() {
    for (HttpClient c : clients) {
      c.close();
    }
  }
}
