package io.jingzhi.gateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What the router knows of one endpoint at run time: requests in flight, recent TTFT, its circuit breaker. */
public final class EndpointState {

  private static final double ALPHA = 0.2;

  private final long endpointId;
  private final CircuitBreaker breaker;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile double ttftMs = -1;

  EndpointState(long endpointId, CircuitBreaker breaker) {
    this.endpointId = endpointId;
    this.breaker = breaker;
  }

  public long endpointId() {
    return endpointId;
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** Moving average of time to first token in ms, or -1 before the first measurement. */
  public double ttftMs() {
    return ttftMs;
  }

  public CircuitBreaker breaker() {
    return breaker;
  }

  /** Takes a slot when the endpoint is under its concurrency cap (null: no cap). */
  boolean tryEnter(Integer max) {
    while (true) {
      int now = inFlight.get();
      if (max != null && now >= max) {
        return false;
      }
      if (inFlight.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  void leave() {
    inFlight.decrementAndGet();
  }

  void recordTtft(long nanos) {
    double ms = TimeUnit.NANOSECONDS.toMicros(nanos) / 1000.0;
    ttftMs = ttftMs < 0 ? ms : ALPHA * ms + (1 - ALPHA) * ttftMs;
  }
}
