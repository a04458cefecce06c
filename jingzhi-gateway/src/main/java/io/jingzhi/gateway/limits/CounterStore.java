package io.jingzhi.gateway.limits;

import java.util.List;

/**
 * Where limit counters live: in this process ({@link InMemoryCounterStore}) or in Redis shared by every replica
 * ({@link RedisCounterStore}). Every operation is atomic over all the counters it names, so a call is either
 * charged at every level (key, app, project, tenant) or at none.
 *
 * <p>Counters: {@link Kind#RATE} is a GCRA cell (a burst of {@code limit} per {@code window}, refilled evenly),
 * {@link Kind#QUOTA} a plain sum that expires after its period and admits while anything is left (the estimate
 * is charged and corrected afterwards, so the last call may end a little over), {@link Kind#CONCURRENCY} a set of expiring leases,
 * so a node that dies holding slots frees them after the lease time unless it renews them.
 */
public interface CounterStore extends AutoCloseable {

  /** The kind of a counter. */
  enum Kind { RATE, QUOTA, CONCURRENCY }

  /**
   * One counter to check and charge.
   *
   * @param amount what the call costs (requests or tokens; ignored for concurrency); a delta when adjusting
   * @param windowMillis the rate window; for a quota the time left in its period; for concurrency the lease time
   */
  record Check(Kind kind, String key, long limit, long amount, long windowMillis) {
    public Check {
      if (limit < 1 || windowMillis < 1) {
        throw new IllegalArgumentException("limit and window must be positive: " + key);
      }
    }
  }

  /** The answer to {@link #acquire}: granted, or the index of the first check that failed and when to retry. */
  record Outcome(int denied, long retryAfterMillis) {
    public static final Outcome GRANTED = new Outcome(-1, 0);

    public boolean granted() {
      return denied < 0;
    }
  }

  /** Charges every check when each one passes; otherwise charges nothing. Concurrency slots go to {@code lease}. */
  Outcome acquire(List<Check> checks, String lease);

  /** Adds the (possibly negative) {@code amount} of each rate or quota check, without checking the limit. */
  void adjust(List<Check> checks);

  /** Frees the lease's slot in each concurrency counter. */
  void release(List<String> concurrencyKeys, String lease);

  /** Pushes the expiry of the lease's slots to {@code ttlMillis} from now. */
  void renew(List<String> concurrencyKeys, String lease, long ttlMillis);

  /** What a quota counter has used so far (0 when unknown). */
  long used(String quotaKey);

  @Override
  void close();
}
