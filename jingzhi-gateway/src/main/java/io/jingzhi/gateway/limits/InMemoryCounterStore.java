package io.jingzhi.gateway.limits;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counters of a single node. One lock guards them all: a call touches at most a dozen counters, and the
 * all-or-nothing charge over several levels needs them consistent with each other.
 */
public class InMemoryCounterStore implements CounterStore {

  private static final long QUOTA_GRACE_MS = 3_600_000;

  private final Clock clock;
  private final Map<String, Double> tats = new HashMap<>();
  private final Map<String, long[]> quotas = new HashMap<>(); // {used, expiresAt}
  private final Map<String, Map<String, Long>> leases = new HashMap<>();
  private int operations;

  public InMemoryCounterStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Outcome acquire(List<Check> checks, String lease) {
    long now = clock.millis();
    sweepSometimes(now);
    double[] newTats = new double[checks.size()];
    for (int i = 0; i < checks.size(); i++) {
      Check c = checks.get(i);
      switch (c.kind()) {
        case RATE -> {
          double interval = (double) c.windowMillis() / c.limit();
          double tat = Math.max(tats.getOrDefault(c.key(), (double) now), now);
          double next = tat + c.amount() * interval;
          double allowAt = next - c.windowMillis();
          if (allowAt > now) {
            return new Outcome(i, (long) Math.ceil(allowAt - now));
          }
          newTats[i] = next;
        }
        case QUOTA -> {
          if (quotaUsed(c.key(), now) >= c.limit()) {
            return new Outcome(i, c.windowMillis());
          }
        }
        case CONCURRENCY -> {
          Map<String, Long> held = leases.get(c.key());
          if (held != null) {
            held.values().removeIf(expiry -> expiry <= now);
            if (held.size() >= c.limit()) {
              return new Outcome(i, 1000);
            }
          }
        }
      }
    }
    for (int i = 0; i < checks.size(); i++) {
      Check c = checks.get(i);
      switch (c.kind()) {
        case RATE -> tats.put(c.key(), newTats[i]);
        case QUOTA -> addQuota(c, now, c.amount());
        case CONCURRENCY -> leases.computeIfAbsent(c.key(), k -> new HashMap<>()).put(lease, now + c.windowMillis());
      }
    }
    return Outcome.GRANTED;
  }

  @Override
  public synchronized void adjust(List<Check> checks) {
    long now = clock.millis();
    for (Check c : checks) {
      if (c.kind() == Kind.RATE) {
        double tat = Math.max(tats.getOrDefault(c.key(), (double) now), now);
        double next = tat + c.amount() * ((double) c.windowMillis() / c.limit());
        if (next <= now) {
          tats.remove(c.key());
        } else {
          tats.put(c.key(), next);
        }
      } else if (c.kind() == Kind.QUOTA && quotas.containsKey(c.key())) {
        addQuota(c, now, c.amount());
      }
    }
  }

  @Override
  public synchronized void release(List<String> concurrencyKeys, String lease) {
    for (String key : concurrencyKeys) {
      Map<String, Long> held = leases.get(key);
      if (held != null) {
        held.remove(lease);
        if (held.isEmpty()) {
          leases.remove(key);
        }
      }
    }
  }

  @Override
  public synchronized void renew(List<String> concurrencyKeys, String lease, long ttlMillis) {
    long expiry = clock.millis() + ttlMillis;
    for (String key : concurrencyKeys) {
      Map<String, Long> held = leases.get(key);
      if (held != null) {
        held.computeIfPresent(lease, (l, old) -> expiry);
      }
    }
  }

  @Override
  public synchronized long used(String quotaKey) {
    return quotaUsed(quotaKey, clock.millis());
  }

  @Override
  public void close() {
    // nothing held outside the heap
  }

  private long quotaUsed(String key, long now) {
    long[] q = quotas.get(key);
    return q == null || q[1] <= now ? 0 : q[0];
  }

  private void addQuota(Check c, long now, long amount) {
    long[] q = quotas.get(c.key());
    if (q == null || q[1] <= now) {
      q = new long[] {0, now + c.windowMillis() + QUOTA_GRACE_MS};
      quotas.put(c.key(), q);
    }
    q[0] += amount;
  }

  /** Drops counters that have run out, so memory follows the active callers rather than every caller ever seen. */
  private void sweepSometimes(long now) {
    if (++operations % 4096 != 0) {
      return;
    }
    tats.values().removeIf(tat -> tat <= now);
    quotas.values().removeIf(q -> q[1] <= now);
    leases.values().forEach(held -> held.values().removeIf(expiry -> expiry <= now));
    leases.values().removeIf(Map::isEmpty);
  }
}
