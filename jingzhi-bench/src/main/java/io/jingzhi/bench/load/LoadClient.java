package io.jingzhi.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/** A way of sending the load's streaming requests to one target: {@link NioStreamClient} or {@link StreamClient}. */
interface LoadClient extends AutoCloseable {

  String target();

  /**
   * A closed loop of {@code concurrency} streams until {@code requests} are done or {@code deadlineNanos} passes;
   * stream starts are spread over {@code ramp}. Every finished request goes to {@code done}, inter-token gaps
   * (microseconds) into {@code itl}; {@code tick} runs about once a second. Returns when every stream has ended.
   */
  void run(int concurrency, long requests, long deadlineNanos, Duration ramp, Histogram itl,
      Consumer<StreamOutcome> done, Runnable tick) throws IOException, InterruptedException;

  @Override
  void close();

  /** The client named by {@code --client}: {@code nio} (default, one selector thread) or {@code jdk}. */
  static LoadClient of(String kind, String baseUrl, String key, String model, int maxTokens, int jdkClients,
      Duration timeout) {
    return switch (kind) {
      case "nio" -> new NioStreamClient(baseUrl, key, model, maxTokens, timeout);
      case "jdk" -> new StreamClient(baseUrl, key, model, maxTokens, jdkClients, timeout);
      default -> throw new IllegalArgumentException("--client is nio or jdk: " + kind);
    };
  }
}
