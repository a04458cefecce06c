package io.jingzhi.gateway.openai;

/**
 * A failure answered in OpenAI's error shape ({@code {"error": {message, type, param, code}}}) with a real HTTP
 * status, so the official SDKs raise the matching error classes.
 */
public class OpenAiException extends RuntimeException {

  private final int status;
  private final String type;
  private final String param;
  private final String code;
  private final Long retryAfterSeconds;

  public OpenAiException(int status, String type, String code, String param, String message) {
    this(status, type, code, param, message, null);
  }

  /** A refusal the client may retry later; {@code retryAfterSeconds} goes to the {@code Retry-After} header. */
  public OpenAiException(int status, String type, String code, String param, String message, Long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static OpenAiException invalid(String param, String message) {
    return new OpenAiException(400, "invalid_request_error", "invalid_value", param, message);
  }

  public static OpenAiException modelNotFound(String model) {
    String shown = model != null && model.length() > 200 ? model.substring(0, 200) + "…" : model;
    return new OpenAiException(404, "invalid_request_error", "model_not_found", "model",
        "The model `" + shown + "` does not exist or you do not have access to it.");
  }

  public static OpenAiException permission(String message) {
    return new OpenAiException(403, "permission_error", "permission_denied", null, message);
  }

  /** No model server could answer now: worth a retry in a second (the SDKs honour {@code Retry-After}). */
  public static OpenAiException unavailable(String message) {
    return new OpenAiException(503, "api_error", "upstream_unavailable", null, message, 1L);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String param() {
    return param;
  }

  public String code() {
    return code;
  }

  /** Seconds to wait before retrying, or null. */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
