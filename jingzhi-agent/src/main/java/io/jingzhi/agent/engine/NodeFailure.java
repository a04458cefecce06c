package io.jingzhi.agent.engine;

/**
 * A node attempt that failed for a reason its executor understands: {@code code} is stable
 * ({@code http.status_500}, {@code database.read_only}, {@code code.timeout} ...) and {@code retryable} tells the
 * engine whether another attempt may help (a refused SQL write will not; a 503 may).
 */
public class NodeFailure extends RuntimeException {

  private final String code;
  private final boolean retryable;

  public NodeFailure(String code, String message, boolean retryable) {
    super(message);
    this.code = code;
    this.retryable = retryable;
  }

  public NodeFailure(String code, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryable = retryable;
  }

  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }
}
