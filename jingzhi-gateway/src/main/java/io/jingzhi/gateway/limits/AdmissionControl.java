package io.jingzhi.gateway.limits;

import io.jingzhi.gateway.GatewayProperties;
import io.jingzhi.iam.api.ApiKeyGrants;
import io.jingzhi.iam.api.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Decides whether a model call may start: requests per minute, tokens per minute, concurrency and token quotas at
 * every level (the key's own limits, then app, project and tenant), all charged atomically in the counter store,
 * then a place in the model's capacity queue. Limits come from memory (the key cache and {@link LimitCatalog}),
 * never from the database. The returned {@link Permit} must be finished in a {@code finally}: it frees the
 * concurrency slots and corrects the token estimate with the real count.
 */
public class AdmissionControl {

  private static final Logger log = LoggerFactory.getLogger(AdmissionControl.class);

  private final CounterStore store;
  private final LimitCatalog catalog;
  private final TpsScheduler scheduler;
  private final GatewayProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Set<Permit> live = ConcurrentHashMap.newKeySet();
  private volatile long lastFailureLog;

  public AdmissionControl(CounterStore store, LimitCatalog catalog, TpsScheduler scheduler,
      GatewayProperties properties, Clock clock, MeterRegistry meters) {
    this.store = store;
    this.catalog = catalog;
    this.scheduler = scheduler;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
  }

  /** An admitted call. {@link #finish} it exactly once, in a {@code finally}; later calls do nothing. */
  public final class Permit {
    private final LimitChecks checks;
    private final String lease;
    private final TpsScheduler.Ticket ticket;
    private final long queueWaitNanos;
    private boolean finished;

    private Permit(LimitChecks checks, String lease, TpsScheduler.Ticket ticket, long queueWaitNanos) {
      this.checks = checks;
      this.lease = lease;
      this.ticket = ticket;
      this.queueWaitNanos = queueWaitNanos;
    }

    /** Time spent queued for model capacity. */
    public long queueWaitNanos() {
      return queueWaitNanos;
    }

    /** Frees the call's slots and charges what it really used instead of the estimate. */
    public synchronized void finish(long actualTokens) {
      if (finished) {
        return;
      }
      finished = true;
      live.remove(this);
      scheduler.correct(ticket, actualTokens);
      try {
        store.release(checks.concurrencyKeys(), lease);
        store.adjust(checks.corrections(actualTokens));
      } catch (CounterStoreUnavailable e) {
        storeFailed(e); // the leases expire on their own; the estimate stays charged
      }
    }
  }

  /**
   * Admits a call or throws {@link LimitExceeded}.
   *
   * @param estimate tokens the call is expected to use (prompt plus the completion it may produce)
   */
  public Permit admit(Caller caller, Optional<ApiKeyGrants.Grant> grant, String model, long estimate) {
    LimitChecks checks = LimitChecks.of(levels(caller, grant), Math.max(0, estimate),
        properties.limits().leaseTtl().toMillis(), properties.limits().quotaZone(), clock);
    // The lease names this call's concurrency slots in the counter store; without checks there is nothing to name
    // (and a random UUID costs a SecureRandom read on every call).
    String lease = checks.checks().isEmpty() ? "" : UUID.randomUUID().toString();
    boolean counted = charge(checks, lease);
    long start = System.nanoTime();
    TpsScheduler.Ticket ticket = scheduler.request(model, caller.tenantId(), estimate,
        properties.limits().queueDeadline());
    if (!awaitCapacity(ticket)) {
      long waited = System.nanoTime() - start;
      if (counted) {
        undo(checks, lease);
      }
      meters.counter("jingzhi.gateway.limits.rejected", "scope", "model", "kind", "capacity").increment();
      throw new LimitExceeded(429, LimitExceeded.RATE_LIMITED, 1, waited, "The model `" + model
          + "` is at capacity and no capacity freed up within " + properties.limits().queueDeadline().toMillis()
          + " ms. Please retry shortly.");
    }
    Permit permit = new Permit(counted ? checks : LimitChecks.none(), lease, ticket, System.nanoTime() - start);
    if (counted && !checks.concurrencyKeys().isEmpty()) {
      live.add(permit);
    }
    return permit;
  }

  /** Keeps the concurrency leases of calls still running from expiring. */
  @Scheduled(fixedDelayString = "PT10S")
  public void renewLeases() {
    long ttl = properties.limits().leaseTtl().toMillis();
    for (Permit p : live) {
      try {
        store.renew(p.checks.concurrencyKeys(), p.lease, ttl);
      } catch (CounterStoreUnavailable e) {
        storeFailed(e);
        return;
      }
    }
  }

  /** Concurrency slots held by calls running on this node. */
  public int running() {
    return live.size();
  }

  private List<Limits> levels(Caller caller, Optional<ApiKeyGrants.Grant> grant) {
    List<Limits> levels = new ArrayList<>();
    grant.ifPresent(g -> {
      if (g.rpm() != null || g.tpm() != null || g.concurrency() != null) {
        levels.add(new Limits(LimitScope.KEY, g.keyId(), g.rpm(), g.tpm(), g.concurrency(), null, null, null,
            null));
      }
      catalog.of(LimitScope.APP, g.appId()).ifPresent(levels::add);
      catalog.of(LimitScope.PROJECT, g.projectId()).ifPresent(levels::add);
    });
    catalog.of(LimitScope.TENANT, caller.tenantId()).ifPresent(levels::add);
    return levels;
  }

  /** Charges the counters; false when the store failed and the gateway fails open. */
  private boolean charge(LimitChecks checks, String lease) {
    if (checks.checks().isEmpty()) {
      return true;
    }
    CounterStore.Outcome outcome;
    try {
      outcome = store.acquire(checks.checks(), lease);
    } catch (CounterStoreUnavailable e) {
      storeFailed(e);
      if (properties.redisFailure() == GatewayProperties.RedisFailure.CLOSED) {
        LimitExceeded closed = new LimitExceeded(503, LimitExceeded.UNAVAILABLE, 1, 0,
            "Rate limits cannot be checked right now (the counter store is unavailable); retry shortly.");
        closed.initCause(e);
        throw closed;
      }
      return false;
    }
    if (outcome.granted()) {
      return true;
    }
    LimitChecks.Labeled failed = checks.get(outcome.denied());
    boolean quota = failed.check().kind() == CounterStore.Kind.QUOTA;
    meters.counter("jingzhi.gateway.limits.rejected", "scope", failed.scope().wire(), "kind",
        failed.check().key().substring(0, failed.check().key().indexOf(':'))).increment();
    long retry = Math.max(1, (outcome.retryAfterMillis() + 999) / 1000);
    String who = failed.scope() == LimitScope.KEY ? "API key " + failed.scopeId()
        : failed.scope().wire() + " " + failed.scopeId();
    String message = quota
        ? "You exceeded the " + failed.what() + " of " + who + " (limit " + failed.check().limit()
            + " tokens). It starts over in " + retry + "s."
        : "Rate limit reached for " + who + " on " + failed.what() + ": limit " + failed.check().limit()
            + ". Please try again in " + retry + "s.";
    throw new LimitExceeded(429, quota ? LimitExceeded.QUOTA : LimitExceeded.RATE_LIMITED, retry, 0, message);
  }

  private boolean awaitCapacity(TpsScheduler.Ticket ticket) {
    long wait = properties.limits().queueDeadline().toMillis() + 100;
    try {
      return ticket.admitted().get(wait, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return !scheduler.cancel(ticket);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !scheduler.cancel(ticket);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private void undo(LimitChecks checks, String lease) {
    try {
      store.release(checks.concurrencyKeys(), lease);
      store.adjust(checks.refunds());
    } catch (CounterStoreUnavailable e) {
      storeFailed(e);
    }
  }

  private void storeFailed(CounterStoreUnavailable e) {
    meters.counter("jingzhi.gateway.limits.store.failures").increment();
    long now = System.currentTimeMillis();
    if (now - lastFailureLog > 10_000) { // once per 10 s, not once per call
      lastFailureLog = now;
      log.warn("Limit counter store unavailable, failing {}: {}", properties.redisFailure(), e.getMessage());
    }
  }
}
