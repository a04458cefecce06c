package io.jingzhi.common.error;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * Root of every failure that should reach an API client as a problem detail. Each module extends it
 * with its own root exception; the status and the stable {@code code} travel to the response.
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String code;
  private final List<FieldError> fieldErrors;

  public ApiException(HttpStatus status, String code, String detail) {
    this(status, code, detail, List.of());
  }

  public ApiException(HttpStatus status, String code, String detail, List<FieldError> fieldErrors) {
    super(detail);
    this.status = status;
    this.code = code;
    this.fieldErrors = List.copyOf(fieldErrors);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldError> fieldErrors() {
    return fieldErrors;
  }

  public static ApiException notFound(String resource, Object id) {
    return new ApiException(HttpStatus.NOT_FOUND, resource + ".not_found", resource + " " + id + " does not exist");
  }

  public static ApiException conflict(String code, String detail) {
    return new ApiException(HttpStatus.CONFLICT, code, detail);
  }

  public static ApiException badRequest(String code, String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, code, detail);
  }

  public static ApiException invalid(String field, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, "validation_failed", field + ": " + message,
        List.of(new FieldError(field, message)));
  }

  public static ApiException forbidden(String code, String detail) {
    return new ApiException(HttpStatus.FORBIDDEN, code, detail);
  }

  public static ApiException unauthorized(String code, String detail) {
    return new ApiException(HttpStatus.UNAUTHORIZED, code, detail);
  }
}
