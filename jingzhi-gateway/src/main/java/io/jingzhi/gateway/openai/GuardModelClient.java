package io.jingzhi.gateway.openai;

import io.jingzhi.gateway.provider.StreamWatchdog;
import io.jingzhi.gateway.provider.UpstreamClient;
import io.jingzhi.gateway.registry.Endpoint;
import io.jingzhi.gateway.registry.Model;
import io.jingzhi.gateway.registry.ModelCatalog;
import io.jingzhi.gateway.registry.ModelKind;
import io.jingzhi.gateway.routing.Router;
import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.GuardModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
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
 * (a chat model in the registry, for example Qwen3Guard-Gen served by vLLM) about a prompt, on its endpoints in the
 * router's order with their breakers, concurrency caps and total timeouts, and reads its {@code Safety:} answer.
 * These are the platform's own calls: they skip the caller's model access, limits and the guard itself, and are
 * counted in {@code jingzhi_guard_cascade_calls_total} by outcome rather than metered to the caller.
 */
@Component
public class GuardModelClient implements GuardModel {

  private static final Logger log = LoggerFactory.getLogger(GuardModelClient.class);

  private final ModelCatalog catalog;
  private final Router router;
  private final UpstreamClient upstream;
  private final StreamWatchdog watchdog;
  private final JsonMapper json;
  private final String modelName;
  private final MeterRegistry meters;

  public GuardModelClient(ModelCatalog catalog, Router router, UpstreamClient upstream, StreamWatchdog watchdog,
      JsonMapper json, GuardProperties properties, ObjectProvider<MeterRegistry> meters) {
    this.catalog = catalog;
    this.router = router;
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
    for (Endpoint e : router.order(model.get())) {
      try (Router.Lease lease = router.tryAcquire(e)) {
        if (lease == null) {
          continue; // breaker open or endpoint full
        }
        long t0 = System.nanoTime();
        String answer;
        try (UpstreamClient.Exchange ex = upstream.post(e, "/chat/completions",
            json.writeValueAsBytes(ChatRequests.forUpstream(request, model.get(), e, false)),
            Duration.ofMillis(e.totalTimeoutMs()))) {
          answer = watchdog.readAll(ex, t0, e.totalTimeoutMs(), e.url());
        } catch (RuntimeException failed) {
          lease.failed(failed);
          log.debug("Guard model {} on {} failed: {}", modelName, e.url(), failed.getMessage());
          continue;
        }
        lease.firstToken();
        JsonNode content = json.readTree(answer).path("choices").path(0).path("message").path("content");
        Optional<Opinion> opinion = Opinion.parse(content.isString() ? content.asString() : null);
        count(opinion.map(o -> o.safety().name().toLowerCase(Locale.ROOT)).orElse("unreadable"));
        return opinion;
      } catch (RuntimeException unreadable) {
        count("unreadable");
        return Optional.empty();
      }
    }
    count("unavailable");
    return Optional.empty();
  }

  private void count(String outcome) {
    if (meters != null) {
      meters.counter("jingzhi.guard.cascade.calls", "model", modelName, "outcome", outcome).increment();
    }
  }
}
