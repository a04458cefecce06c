package io.jingzhi.gateway;

import io.jingzhi.gateway.limits.LimitsSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the model gateway, prefix {@code jingzhi.gateway}.
 *
 * @param secretKey base64 AES-256 key sealing upstream keys ({@code JINGZHI_SECRET_KEY}); generated under the
 *     data directory when empty
 * @param embeddedModel register the in-process bge-small-zh-v1.5 embedding models (fp32 and int8 -q) at start
 * @param maxAttempts attempts over endpoints and fallbacks before the first byte reaches the client
 * @param metering how usage records are buffered and written
 * @param redisUrl Redis holding the limit counters shared by replicas ({@code JINGZHI_REDIS_URL}); counters stay in
 *     this process when empty
 * @param redisFailure what a call does while Redis cannot be reached: {@code open} admits it (logged and counted),
 *     {@code closed} answers 503
 * @param oversubscriptionRatio how far the tenants' guaranteed token rates may add up beyond the models' capacity
 * @param limits the rest of the limit settings (see {@link LimitsSettings})
 * @param aigc the implicit AI-generated-content label (GB 45438-2025) on chat completions
 * @param pacing coalescing of stream events while the server is short of CPU (see {@link Pacing})
 * @param keepAlive how a stream whose first token is late is started early and kept alive (see {@link KeepAlive})
 */
@Validated
@ConfigurationProperties("jingzhi.gateway")
public record GatewayProperties(
    String secretKey,
    @DefaultValue("true") boolean embeddedModel,
    @DefaultValue("3") int maxAttempts,
    @DefaultValue("50ms") Duration retryBackoff,
    String redisUrl,
    @NotNull @DefaultValue("open") RedisFailure redisFailure,
    @DecimalMin("1.0") @DefaultValue("1.5") double oversubscriptionRatio,
    @Valid @NotNull @DefaultValue LimitsSettings limits,
    @DefaultValue Metering metering,
    @Valid @NotNull @DefaultValue Aigc aigc,
    @Valid @NotNull @DefaultValue Pacing pacing,
    @Valid @NotNull @DefaultValue KeepAlive keepAlive) {

  /**
   * Stream pacing ({@code io.jingzhi.gateway.openai.StreamPacer}): while virtual threads run late (the server has
   * more work than cores), each open stream pauses after flushing an event and relays what arrived meanwhile at
   * once, so one wake-up, read, output-guard check and write carries several tokens. The first token is never
   * paused.
   *
   * @param enabled measure the lag and pace streams
   * @param probe how often the lag is measured
   * @param lagLow no pause at or below this lag (moving average)
   * @param lagHigh the full pause at or above this lag; from half of it just above {@code lagLow}, linear in between
   * @param maxPause the longest pause between two reads of one stream
   */
  public record Pacing(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("10ms") Duration probe,
      @DefaultValue("2ms") Duration lagLow,
      @DefaultValue("20ms") Duration lagHigh,
      @DefaultValue("100ms") Duration maxPause) {

    public Pacing {
      if (probe.isNegative() || probe.isZero() || lagLow.isNegative() || lagHigh.compareTo(lagLow) <= 0
          || maxPause.isNegative()) {
        throw new IllegalArgumentException("jingzhi.gateway.pacing: probe must be positive, lag-high above lag-low,"
            + " max-pause not negative");
      }
    }
  }

  /**
   * A streamed chat completion whose first token is late ({@code io.jingzhi.gateway.openai.ClientStream}): a client
   * that leaves while the model is still thinking can only be noticed by writing to it, so when the model has not
   * answered within {@code after} the stream starts (status 200, its headers) with an SSE comment, and sends one
   * again every {@code interval} until the first token. A failed write means the client is gone: the upstream
   * request is aborted, which stops the generation. A failure after the start reaches the client as an error event
   * (OpenAI's error object) instead of an HTTP status. SSE comments are ignored by OpenAI's SDKs.
   *
   * @param after how long a stream may wait for its first token before it starts; zero never starts it early (a
   *     client leaving before the first token is then only noticed at the first token)
   * @param interval the time between two comments
   */
  public record KeepAlive(
      @DefaultValue("1s") Duration after,
      @DefaultValue("1s") Duration interval) {

    public KeepAlive {
      if (after.isNegative() || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("jingzhi.gateway.keep-alive: after must not be negative, interval must be"
            + " positive");
      }
    }
  }

  /**
   * The implicit label (GB 45438-2025 metadata {@code AIGC}) every chat completion carries.
   *
   * @param producer {@code ContentProducer}: name or code of the service provider (e.g. its filing number)
   * @param propagator {@code ContentPropagator}: name or code of the service that delivers the content; the
   *     producer when empty
   */
  public record Aigc(
      @NotBlank @DefaultValue("jingzhi") String producer,
      @DefaultValue("") String propagator) {}

  /** Behaviour while the shared counter store is unreachable. */
  public enum RedisFailure { OPEN, CLOSED }

  /**
   * Usage records wait in a bounded queue and are written in batches by one thread.
   *
   * @param queueCapacity records held in memory at most; beyond it new records are dropped and counted
   * @param batchSize rows per insert batch
   * @param flushInterval longest time a record waits for its batch to fill
   * @param maxBackoff longest pause between retries while the database fails
   * @param shutdownTimeout how long a stopping server keeps retrying to write what is left
   */
  public record Metering(
      @DefaultValue("100000") int queueCapacity,
      @DefaultValue("500") int batchSize,
      @DefaultValue("1s") Duration flushInterval,
      @DefaultValue("30s") Duration maxBackoff,
      @DefaultValue("10s") Duration shutdownTimeout) {

    public Metering {
      if (queueCapacity < 1 || batchSize < 1) {
        throw new IllegalArgumentException("jingzhi.gateway.metering: queue-capacity and batch-size must be positive");
      }
    }
  }
}
