package io.jingzhi.gateway.openai;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.web.BodySizeLimitFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the OpenAI-compatible API in OpenAI's own shape, never problem details. A wrong method or media type
 * and an unknown path fail before one of these controllers is chosen: {@link OpenAiRoutingErrors} answers those.
 */
@RestControllerAdvice(basePackageClasses = OpenAiErrorAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class OpenAiErrorAdvice {

  private static final Logger log = LoggerFactory.getLogger(OpenAiErrorAdvice.class);

  /** Why a 503 was answered, logged at WARN (rate-limited): retries and failover have already failed by then. */
  private final UnavailableLog unavailable = new UnavailableLog(System::nanoTime);

  @ExceptionHandler(OpenAiException.class)
  ResponseEntity<Map<String, Object>> openAi(OpenAiException e, HttpServletRequest request) {
    if (e.status() == 503) {
      unavailable.warn(request.getMethod(), request.getRequestURI(), e.code(), e);
    }
    return openAi(e);
  }

  private ResponseEntity<Map<String, Object>> openAi(OpenAiException e) {
    if (e.retryAfterSeconds() != null) {
      return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON)
          .header("Retry-After", Long.toString(e.retryAfterSeconds()))
          .body(error(e.type(), e.code(), e.param(), e.getMessage()));
    }
    return body(e.status(), e.type(), e.code(), e.param(), e.getMessage());
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Map<String, Object>> api(ApiException e, HttpServletRequest request) {
    if (e.status().value() == 503) {
      unavailable.warn(request.getMethod(), request.getRequestURI(), e.code(), e);
    }
    String type = switch (e.status().value()) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 429 -> "rate_limit_error";
      default -> e.status().is4xxClientError() ? "invalid_request_error" : "api_error";
    };
    return body(e.status().value(), type, e.code(), null, e.getMessage());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    // A chunked body over the limit fails while the JSON is read: it is too large, not malformed.
    OpenAiException answer = BodySizeLimitFilter.tooLarge(e)
        .map(tooLarge -> new OpenAiException(413, "invalid_request_error", "request_too_large", null,
            tooLarge.getMessage()))
        .orElseGet(JsonBodies::unreadable);
    return openAi(answer);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Map<String, Object>> unknown(Exception e) {
    String id = UUID.randomUUID().toString();
    log.error("Unhandled failure on the OpenAI-compatible API, error id {}", id, e);
    return body(500, "api_error", "internal_error", null, "The server had an error (error id " + id + ").");
  }

  static ResponseEntity<Map<String, Object>> body(int status, String type, String code, String param, String message) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(error(type, code, param, message));
  }

  static Map<String, Object> error(String type, String code, String param, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("type", type);
    error.put("param", param);
    error.put("code", code);
    return Map.of("error", error);
  }
}
