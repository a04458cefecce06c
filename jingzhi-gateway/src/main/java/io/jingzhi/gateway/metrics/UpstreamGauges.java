package io.jingzhi.gateway.metrics;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.jingzhi.gateway.registry.Endpoint;
import io.jingzhi.gateway.registry.Model;
import io.jingzhi.gateway.registry.ModelCatalog;
import io.jingzhi.gateway.routing.Router;
import io.jingzhi.gateway.usage.ModelCallCompleted;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges of the upstreams, read live from the router at every scrape: {@code jingzhi.gateway.in.flight} (upstream
 * calls in flight per model; a stream holds its slot until its last token) and {@code jingzhi.gateway.upstream.health}
 * per endpoint (its circuit breaker: 0 closed, 1 half-open, 2 open). The set of models and endpoints follows the
 * registry: refreshed every few seconds and whenever a call names a model not yet shown.
 */
@Component
public class UpstreamGauges {

  private final ModelCatalog catalog;
  private final Router router;
  private final MultiGauge inFlight;
  private final MultiGauge health;
  private volatile Set<String> shown = Set.of();
  /** The objects the gauges read: Micrometer holds them weakly, and the catalog replaces its own at every refresh. */
  private volatile List<Model> held = List.of();

  public UpstreamGauges(ModelCatalog catalog, Router router, MeterRegistry meters) {
    this.catalog = catalog;
    this.router = router;
    this.inFlight = MultiGauge.builder("jingzhi.gateway.in.flight")
        .description("Upstream calls in flight (streams until their last token)").register(meters);
    this.health = MultiGauge.builder("jingzhi.gateway.upstream.health")
        .description("Circuit breaker of an upstream endpoint: 0 closed (healthy), 1 half-open, 2 open")
        .register(meters);
  }

  @Scheduled(fixedDelayString = "${jingzhi.gateway.registry-refresh:PT5S}")
  public synchronized void refresh() {
    List<Model> models = catalog.all();
    List<MultiGauge.Row<?>> loads = new ArrayList<>();
    List<MultiGauge.Row<?>> states = new ArrayList<>();
    for (Model model : models) {
      if (model.endpoints().isEmpty()) {
        continue; // served in process: no upstream to watch
      }
      loads.add(MultiGauge.Row.of(Tags.of("model", model.name()), model, this::inFlight));
      for (Endpoint e : model.endpoints()) {
        states.add(MultiGauge.Row.of(Tags.of("model", model.name(), "endpoint", Long.toString(e.id())), e,
            this::breaker));
      }
    }
    inFlight.register(loads, true);
    health.register(states, true);
    held = models;
    shown = models.stream().map(Model::name).collect(Collectors.toUnmodifiableSet());
  }

  @EventListener
  public void on(ModelCallCompleted e) {
    if (e.model() != null && !shown.contains(e.model()) && catalog.resolve(e.model()).isPresent()) {
      refresh(); // a model registered since the last refresh
    }
  }

  private double inFlight(Model model) {
    return model.endpoints().stream().mapToInt(e -> router.state(e).inFlight()).sum();
  }

  private double breaker(Endpoint endpoint) {
    CircuitBreaker.State state = router.state(endpoint).breaker().getState();
    return switch (state) {
      case HALF_OPEN -> 1;
      case OPEN, FORCED_OPEN -> 2;
      default -> 0;
    };
  }
}
