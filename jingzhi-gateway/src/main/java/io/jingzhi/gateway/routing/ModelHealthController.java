package io.jingzhi.gateway.routing;

import io.jingzhi.gateway.registry.Endpoint;
import io.jingzhi.gateway.registry.Model;
import io.jingzhi.gateway.registry.ModelService;
import io.jingzhi.iam.api.Callers;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Live state of a model's endpoints: circuit breaker, load, latency and the latest active check. */
@RestController
public class ModelHealthController {

  private final ModelService models;
  private final Router router;
  private final HealthChecker checker;

  public ModelHealthController(ModelService models, Router router, HealthChecker checker) {
    this.models = models;
    this.router = router;
    this.checker = checker;
  }

  /** One endpoint's state; {@code breaker} is closed (healthy), open (ejected) or half_open (probing). */
  public record EndpointHealth(long id, String url, boolean enabled, int weight, int priority, String breaker,
      int inFlight, Integer maxConcurrency, Double ttftMsAvg, float failureRate, HealthChecker.Check lastCheck) {}

  /** A model's endpoints and their state. */
  public record ModelHealth(long modelId, String model, boolean simulated, List<EndpointHealth> endpoints) {}

  @GetMapping("/api/v1/models/{id}/health")
  public ModelHealth health(@PathVariable long id) {
    Model model = models.get(Callers.current(), id);
    return new ModelHealth(model.id(), model.name(), model.simulated(),
        model.endpoints().stream().map(this::health).toList());
  }

  /** Runs the active check of every endpoint now, for an operator who just fixed a server. */
  @PostMapping("/api/v1/models/{id}/health/check")
  public ModelHealth checkNow(@PathVariable long id) {
    Model model = models.get(Callers.current(), id);
    model.endpoints().stream().filter(Endpoint::enabled).forEach(checker::check);
    return health(id);
  }

  private EndpointHealth health(Endpoint e) {
    EndpointState state = router.state(e);
    return new EndpointHealth(e.id(), e.url(), e.enabled(), e.weight(), e.priority(),
        state.breaker().getState().name().toLowerCase(), state.inFlight(), e.maxConcurrency(),
        state.ttftMs() < 0 ? null : Math.round(state.ttftMs() * 10) / 10.0,
        Math.max(0, state.breaker().getMetrics().getFailureRate()), checker.last(e.id()).orElse(null));
  }
}
