package io.jingzhi.gateway.provider;

/**
 * A failure of an upstream model server. Transient failures (connection refused, timeouts, 5xx, 429) may be
 * retried on another endpoint before the client has seen a byte; permanent ones (other 4xx) go back at once.
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
    boolean retry = status >= 500 || status == 429 || status == 408;
    return new UpstreamException(retry, status, "upstream answered HTTP " + status, body, null);
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
