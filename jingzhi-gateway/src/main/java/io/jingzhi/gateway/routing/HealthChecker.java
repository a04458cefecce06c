package io.jingzhi.gateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.jingzhi.common.crypto.SecretBox;
import io.jingzhi.gateway.registry.Endpoint;
import io.jingzhi.gateway.registry.Model;
import io.jingzhi.gateway.registry.ModelCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Active health checks: every endpoint of every enabled HTTP model is asked for {@code GET <base>/models} on a
 * fixed period. Three failures in a row open the endpoint's circuit breaker (it is taken out of rotation at
 * once, before clients meet the failure); a success lets a breaker opened by checks try again (half-open).
 * Passive ejection — real calls failing — is the breaker's own sliding window.
 */
@Component
public class HealthChecker {

  static final int FAILURES_TO_EJECT = 3;

  private final ModelCatalog catalog;
  private final Router router;
  private final SecretBox secrets;
  private final boolean enabled;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
  private final Map<Long, Check> last = new ConcurrentHashMap<>();

  /** The outcome of the latest active check of an endpoint. */
  public record Check(Instant at, boolean ok, long latencyMs, String error, int consecutiveFailures) {}

  public HealthChecker(ModelCatalog catalog, Router router, SecretBox secrets,
      @Value("${jingzhi.gateway.health-checks:true}") boolean enabled) {
    this.catalog = catalog;
    this.router = router;
    this.secrets = secrets;
    this.enabled = enabled;
  }

  @Scheduled(fixedDelayString = "${jingzhi.gateway.health-check-interval:PT15S}", initialDelayString = "PT5S")
  public void checkAll() {
    if (!enabled) {
      return;
    }
    for (Model model : catalog.all()) {
      if (!model.enabled() || !Model.PROVIDER_OPENAI.equals(model.provider())) {
        continue;
      }
      for (Endpoint endpoint : model.endpoints()) {
        if (endpoint.enabled()) {
          check(endpoint);
        }
      }
    }
  }

  public Check check(Endpoint endpoint) {
    long t0 = System.nanoTime();
    String error = null;
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.resolve("/models")))
          .timeout(Duration.ofSeconds(5)).GET();
      if (endpoint.apiKeySealed() != null) {
        request.header("Authorization", "Bearer " + secrets.decrypt(endpoint.apiKeySealed()));
      }
      HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() >= 500 || response.statusCode() == 401 || response.statusCode() == 403) {
        // 401/403: the endpoint's key is wrong or missing; every call would be refused (a 404 is a server
        // without /models, which proves nothing)
        error = "HTTP " + response.statusCode();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return last.get(endpoint.id());
    } catch (Exception e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    long latency = (System.nanoTime() - t0) / 1_000_000;
    Check previous = last.get(endpoint.id());
    int failures = error == null ? 0 : (previous == null ? 0 : previous.consecutiveFailures()) + 1;
    Check check = new Check(Instant.now(), error == null, latency, error, failures);
    last.put(endpoint.id(), check);
    CircuitBreaker breaker = router.state(endpoint).breaker();
    if (failures >= FAILURES_TO_EJECT && breaker.getState() != CircuitBreaker.State.OPEN) {
      breaker.transitionToOpenState();
    } else if (error == null && breaker.getState() == CircuitBreaker.State.OPEN) {
      breaker.transitionToHalfOpenState();
    }
    return check;
  }

  public Optional<Check> last(long endpointId) {
    return Optional.ofNullable(last.get(endpointId));
  }
}
