package io.jingzhi.gateway.limits;

/**
 * A call refused by admission: over a limit or a quota (429), waited too long for model capacity (429), or the
 * shared counter store failed with the closed failure mode (503). The OpenAI API answers it in OpenAI's shape.
 *
 * @see AdmissionControl
 */
public class LimitExceeded extends RuntimeException {

  /** Over a rate or concurrency limit, or no model capacity in time. */
  public static final String RATE_LIMITED = "rate_limit_exceeded";
  /** Over a daily or monthly token quota. */
  public static final String QUOTA = "insufficient_quota";
  /** The counter store is unreachable and the gateway fails closed. */
  public static final String UNAVAILABLE = "limits_unavailable";

  private final int status;
  private final String code;
  private final long retryAfterSeconds;
  private final long queueWaitNanos;

  public LimitExceeded(int status, String code, long retryAfterSeconds, long queueWaitNanos, String message) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.queueWaitNanos = queueWaitNanos;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Whole seconds, at least 1, for the {@code Retry-After} header. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Time the call spent queued for capacity before it was refused. */
  public long queueWaitNanos() {
    return queueWaitNanos;
  }
}
