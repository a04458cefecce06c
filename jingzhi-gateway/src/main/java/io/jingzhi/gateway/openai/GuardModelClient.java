package io.jingzhi.gateway.openai;

import io.jingzhi.gateway.provider.StreamWatchdog;
import io.jingzhi.gateway.provider.UpstreamClient;
import io.jingzhi.gateway.registry.Endpoint;
import io.jingzhi.gateway.registry.Model;
import io.jingzhi.gateway.registry.ModelCatalog;
import io.jingzhi.gateway.registry.ModelKind;
import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.GuardModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The guard's cascade stage through the gateway: asks the guard model named by {@code jingzhi.guard.cascade.model}
 * (a chat model in the registry, for example Qwen3Guard-Gen served by vLLM) about a prompt through {@link Attempts},
 * as a chat call tries its endpoints (router order, breakers, concurrency caps, bounded attempts with backoff, total
 * timeouts), and reads its {@code Safety:} answer.
 * These are the platform's own calls: they skip the caller's model access, limits and the guard itself, and are
 * counted in {@code jingzhi_guard_cascade_calls_total} by outcome rather than metered to the caller.
 */
@Component
public class GuardModelClient implements GuardModel {

  private static final Logger log = LoggerFactory.getLogger(GuardModelClient.class);

  private final ModelCatalog catalog;
  private final Attempts attempts;
  private final UpstreamClient upstream;
  private final StreamWatchdog watchdog;
  private final JsonMapper json;
  private final String modelName;
  private final MeterRegistry meters;

  public GuardModelClient(ModelCatalog catalog, Attempts attempts, UpstreamClient upstream, StreamWatchdog watchdog,
      JsonMapper json, GuardProperties properties, ObjectProvider<MeterRegistry> meters) {
    this.catalog = catalog;
    this.attempts = attempts;
    this.upstream = upstream;
    this.watchdog = watchdog;
    this.json = json;
    this.modelName = properties.cascade().model();
    this.meters = meters.getIfAvailable();
  }

  @Override
  public Optional<Opinion> judge(String text) {
    Optional<Model> model = catalog.resolve(modelName).filter(m -> m.enabled() && m.kind() == ModelKind.CHAT);
    if (model.isEmpty()) {
      count("no_model");
      log.warn("The guard's cascade model {} is not an enabled chat model of the gateway", modelName);
      return Optional.empty();
    }
    ObjectNode request = json.createObjectNode();
    request.put("model", model.get().name()).put("stream", false).put("temperature", 0).put("max_tokens", 128);
    request.putArray("messages").addObject().put("role", "user").put("content", text);
    String answer;
    try {
      // the same endpoint order, attempt bound, backoff and breaker bookkeeping as a chat call; nothing is metered
      answer = attempts.run(new CallContext(null, null, "guard.cascade", modelName, false), List.of(model.get()),
          (m, lease) -> {
            Endpoint e = lease.endpoint();
            long t0 = System.nanoTime();
            try (UpstreamClient.Exchange ex = upstream.post(e, "/chat/completions",
                json.writeValueAsBytes(ChatRequests.forUpstream(request, m, e, false)),
                Duration.ofMillis(e.totalTimeoutMs()))) {
              String reply = watchdog.readAll(ex, t0, e.totalTimeoutMs(), e.url());
              lease.firstToken();
              lease.close();
              return reply;
            }
          });
    } catch (RuntimeException unavailable) { // no endpoint answered, or one refused: the engine's decision stands
      count("unavailable");
      log.debug("Guard model {} could not be asked: {}", modelName, unavailable.getMessage());
      return Optional.empty();
    }
    try {
      JsonNode content = json.readTree(answer).path("choices").path(0).path("message").path("content");
      Optional<Opinion> opinion = Opinion.parse(content.isString() ? content.asString() : null);
      count(opinion.map(o -> o.safety().name().toLowerCase(Locale.ROOT)).orElse("unreadable"));
      return opinion;
    } catch (RuntimeException unreadable) {
      count("unreadable");
      return Optional.empty();
    }
  }

  private void count(String outcome) {
    if (meters != null) {
      meters.counter("jingzhi.guard.cascade.calls", "model", modelName, "outcome", outcome).increment();
    }
  }
}
