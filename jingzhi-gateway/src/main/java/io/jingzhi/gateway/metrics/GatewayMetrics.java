package io.jingzhi.gateway.metrics;

import io.jingzhi.gateway.registry.ModelCatalog;
import io.jingzhi.gateway.usage.ModelCallCompleted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns every {@link ModelCallCompleted} into Prometheus histograms (TTFT, time per output token, end-to-end
 * duration, gateway overhead, queue wait; tagged model, api, status) and token counters (tagged tenant, model,
 * type). Tags stay bounded: a model name is used only when the registry knows it (a client may ask for any
 * name), otherwise {@code other}.
 */
@Component
public class GatewayMetrics {

  static final String OTHER = "other";
  private static final Logger log = LoggerFactory.getLogger(GatewayMetrics.class);

  private final MeterRegistry meters;
  private final ModelCatalog catalog;

  public GatewayMetrics(MeterRegistry meters, ModelCatalog catalog) {
    this.meters = meters;
    this.catalog = catalog;
  }

  /** Runs on the request thread after the answer: a failure here must not reach the caller, so it is logged. */
  @EventListener
  public void on(ModelCallCompleted e) {
    try {
      record(e);
    } catch (RuntimeException failure) {
      log.warn("Could not record the metrics of request {}", e.requestId(), failure);
    }
  }

  private void record(ModelCallCompleted e) {
    String model = catalog.resolve(e.model()).map(m -> m.name()).orElse(OTHER);
    Tags tags = Tags.of("model", model, "api", String.valueOf(e.api()), "status", String.valueOf(e.status()));
    timer("jingzhi.gateway.request.duration", "End-to-end duration of a call", tags, Duration.ofMillis(1),
        Duration.ofMinutes(10)).record(e.durationMs(), TimeUnit.MILLISECONDS);
    if (e.ttftMs() >= 0) {
      timer("jingzhi.gateway.ttft", "Time to the first token (streams) or to the whole answer", tags,
          Duration.ofMillis(1), Duration.ofMinutes(2)).record(e.ttftMs(), TimeUnit.MILLISECONDS);
    }
    if (e.stream() && e.ttftMs() >= 0 && e.completionTokens() > 1) {
      double perToken = (double) (e.durationMs() - e.ttftMs()) / (e.completionTokens() - 1);
      timer("jingzhi.gateway.tpot", "Time per output token after the first, of streams", tags,
          Duration.ofNanos(100_000), Duration.ofSeconds(10))
          .record(Math.max(0, Math.round(perToken * 1000)), TimeUnit.MICROSECONDS);
    }
    if (e.gatewayOverheadMicros() >= 0) {
      timer("jingzhi.gateway.overhead", "Time the gateway itself added before the first token", tags,
          Duration.ofNanos(10_000), Duration.ofSeconds(1)).record(e.gatewayOverheadMicros(), TimeUnit.MICROSECONDS);
    }
    timer("jingzhi.gateway.queue.wait", "Time waiting for capacity before the upstream call", tags,
        Duration.ofMillis(1), Duration.ofMinutes(1)).record(e.queueWaitMs(), TimeUnit.MILLISECONDS);
    tokens(e.tenantId(), model, "prompt", e.promptTokens());
    tokens(e.tenantId(), model, "completion", e.completionTokens());
  }

  private Timer timer(String name, String description, Tags tags, Duration min, Duration max) {
    return Timer.builder(name).description(description).tags(tags).publishPercentileHistogram()
        .minimumExpectedValue(min).maximumExpectedValue(max).register(meters);
  }

  private void tokens(long tenantId, String model, String type, int count) {
    if (count > 0) {
      Counter.builder("jingzhi.gateway.tokens").description("Tokens through the gateway")
          .tags("tenant", Long.toString(tenantId), "model", model, "type", type).register(meters).increment(count);
    }
  }
}
