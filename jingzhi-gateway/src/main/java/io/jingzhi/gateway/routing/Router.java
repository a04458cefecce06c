package io.jingzhi.gateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.jingzhi.gateway.registry.Endpoint;
import io.jingzhi.gateway.registry.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Orders a model's endpoints for one request: lower priority tiers first; within a tier by the model's strategy
 * — {@code weighted} (random by weight), {@code least_in_flight}, or {@code latency} (lowest moving-average
 * TTFT). Endpoints whose circuit breaker is open or that are at their concurrency cap are passed over.
 */
@Component
public class Router {

  private final Map<Long, EndpointState> states = new ConcurrentHashMap<>();
  private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
      .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
      .slidingWindowSize(20)
      .minimumNumberOfCalls(5)
      .failureRateThreshold(50)
      .waitDurationInOpenState(Duration.ofSeconds(15))
      .permittedNumberOfCallsInHalfOpenState(2)
      .automaticTransitionFromOpenToHalfOpenEnabled(true)
      .build());

  /** A slot on an endpoint for one attempt; report the outcome exactly once, then close. */
  public final class Lease implements AutoCloseable {
    private final Endpoint endpoint;
    private final EndpointState state;
    private final long started = System.nanoTime();
    private boolean reported;
    private boolean closed;

    private Lease(Endpoint endpoint, EndpointState state) {
      this.endpoint = endpoint;
      this.state = state;
    }

    public Endpoint endpoint() {
      return endpoint;
    }

    /** The first token (or the whole answer) arrived: the endpoint is healthy. */
    public void firstToken() {
      if (!reported) {
        reported = true;
        long elapsed = System.nanoTime() - started;
        state.recordTtft(elapsed);
        state.breaker().onSuccess(elapsed, TimeUnit.NANOSECONDS);
      }
    }

    /** The endpoint failed in a way that says something about its health. */
    public void failed(Throwable cause) {
      if (!reported) {
        reported = true;
        state.breaker().onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, cause);
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        if (!reported) {
          state.breaker().releasePermission();
        }
        state.leave();
      }
    }
  }

  /** Endpoints of the model in the order they should be tried. */
  public List<Endpoint> order(Model model) {
    Map<Integer, List<Endpoint>> tiers = new TreeMap<>();
    for (Endpoint e : model.endpoints()) {
      if (e.enabled()) {
        tiers.computeIfAbsent(e.priority(), k -> new ArrayList<>()).add(e);
      }
    }
    List<Endpoint> ordered = new ArrayList<>();
    for (List<Endpoint> tier : tiers.values()) {
      ordered.addAll(switch (model.routing()) {
        case "least_in_flight" -> tier.stream().sorted(Comparator.comparingInt(e -> state(e).inFlight())).toList();
        case "latency" -> tier.stream().sorted(Comparator.comparingDouble(e -> latencyKey(state(e)))).toList();
        default -> weightedShuffle(tier);
      });
    }
    return ordered;
  }

  /** A lease on the endpoint, or null when its breaker is open or it is full. */
  public Lease tryAcquire(Endpoint endpoint) {
    EndpointState state = state(endpoint);
    if (!state.tryEnter(endpoint.maxConcurrency())) {
      return null;
    }
    if (!state.breaker().tryAcquirePermission()) {
      state.leave();
      return null;
    }
    return new Lease(endpoint, state);
  }

  public EndpointState state(Endpoint endpoint) {
    return states.computeIfAbsent(endpoint.id(),
        id -> new EndpointState(id, breakers.circuitBreaker("endpoint-" + id)));
  }

  private static double latencyKey(EndpointState s) {
    // Unmeasured endpoints first, so each gets measured; then the fastest.
    return s.ttftMs() < 0 ? -1 : s.ttftMs() * (1 + s.inFlight() / 100.0);
  }

  private static List<Endpoint> weightedShuffle(List<Endpoint> tier) {
    List<Endpoint> pool = new ArrayList<>(tier.stream().filter(e -> e.weight() > 0).toList());
    List<Endpoint> result = new ArrayList<>(pool.size());
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (!pool.isEmpty()) {
      int total = pool.stream().mapToInt(Endpoint::weight).sum();
      int pick = random.nextInt(total);
      for (int i = 0; i < pool.size(); i++) {
        pick -= pool.get(i).weight();
        if (pick < 0) {
          result.add(pool.remove(i));
          break;
        }
      }
    }
    return result;
  }
}
