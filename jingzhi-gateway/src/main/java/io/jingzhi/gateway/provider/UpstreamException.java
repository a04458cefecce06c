package io.jingzhi.gateway.provider;

/**
 * A failure of an upstream model server. Transient failures (connection refused, timeouts, 5xx, 429) may be
 * retried on another endpoint before the client has seen a byte, and so may a refusal of the endpoint's own
 * configuration (401, 403, 404: a wrong upstream key or model name), which is the operator's fault, not the
 * client's; other 4xx (the request itself) go back at once.
 */
public class UpstreamException extends RuntimeException {

  private final boolean transientFailure;
  private final int status;
  private final String body;

  public UpstreamException(boolean transientFailure, int status, String message, String body, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
    this.status = status;
    this.body = body;
  }

  public static UpstreamException ofStatus(int status, String body) {
    boolean retry = status >= 500 || status == 429 || status == 408 || misconfiguration(status);
    return new UpstreamException(retry, status, "upstream answered HTTP " + status, body, null);
  }

  /** Statuses that say the endpoint is set up wrong (its key, its model name), whatever the request. */
  public static boolean misconfiguration(int status) {
    return status == 401 || status == 403 || status == 404;
  }

  public boolean isTransient() {
    return transientFailure;
  }

  /** The upstream HTTP status, or 0 when no response came. */
  public int status() {
    return status;
  }

  public String body() {
    return body;
  }
}
