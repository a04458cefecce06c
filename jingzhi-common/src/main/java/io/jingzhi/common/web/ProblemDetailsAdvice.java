package io.jingzhi.common.web;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.common.error.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Turns every failure of the platform API into an RFC 9457 problem detail with a stable {@code code}.
 * Unknown failures become a 500 with an opaque error id that is also logged, never a stack trace.
 * Modules with another error contract (the OpenAI-compatible {@code /v1}) register their own advice
 * with a higher precedence.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  /** Request attribute that holds the problem sent, for audit of failed operations. */
  public static final String PROBLEM_ATTRIBUTE = ProblemDetailsAdvice.class.getName() + ".problem";

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Object> api(ApiException ex, HttpServletRequest request) {
    return send(Problems.of(ex.status(), ex.code(), ex.getMessage(), ex.fieldErrors()), request);
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<Object> constraint(ConstraintViolationException ex, HttpServletRequest request) {
    List<FieldError> errors = ex.getConstraintViolations().stream()
        .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
        .toList();
    return send(Problems.of(HttpStatus.BAD_REQUEST, "validation_failed", summary(errors), errors), request);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request) {
    String field = SnakeCase.of(ex.getName());
    String message = "must be of type " + (ex.getRequiredType() == null ? "?" : ex.getRequiredType().getSimpleName());
    return send(Problems.of(HttpStatus.BAD_REQUEST, "validation_failed", field + " " + message,
        List.of(new FieldError(field, message))), request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unknown(Exception ex, HttpServletRequest request) {
    String errorId = UUID.randomUUID().toString();
    log.error("Unhandled failure, error id {}", errorId, ex);
    ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
        "An unexpected error occurred. Quote error id " + errorId + " to the operator.");
    problem.setProperty("error_id", errorId);
    return send(problem, request);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
        .map(e -> new FieldError(SnakeCase.of(e.getField()), e.getDefaultMessage()))
        .toList();
    return problem(Problems.of(HttpStatus.BAD_REQUEST, "validation_failed", summary(errors), errors), request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldError> errors = ex.getParameterValidationResults().stream()
        .flatMap(r -> r.getResolvableErrors().stream().map(e -> new FieldError(
            SnakeCase.of(r.getMethodParameter().getParameterName()), e.getDefaultMessage())))
        .toList();
    return problem(Problems.of(HttpStatus.BAD_REQUEST, "validation_failed", summary(errors), errors), request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    // A chunked body over the limit fails while the JSON is read: it is too large, not malformed.
    for (Throwable c = ex; c != null; c = c.getCause()) {
      if (c instanceof BodySizeLimitFilter.BodyTooLargeException tooLarge) {
        return problem(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", tooLarge.getMessage()), request);
      }
    }
    if (ex.getCause() instanceof JacksonException json && !json.getPath().isEmpty()) {
      String field = json.getPath().stream()
          .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
          .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
      String message = "has a value of the wrong type or format";
      return problem(Problems.of(HttpStatus.BAD_REQUEST, "validation_failed", field + " " + message,
          List.of(new FieldError(field, message))), request);
    }
    String detail = ex.getCause() instanceof JacksonException
        ? "The request body is not valid JSON" : "The request body is missing or unreadable";
    return problem(Problems.of(HttpStatus.BAD_REQUEST, "malformed_body", detail), request);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
      HttpStatusCode statusCode, WebRequest request) {
    // Spring MVC's own failures (405, 415, 404 of unknown paths, missing parameters...) get our members too.
    String detail = body instanceof ProblemDetail pd && pd.getDetail() != null ? pd.getDetail()
        : ex instanceof ErrorResponse er && er.getBody().getDetail() != null ? er.getBody().getDetail()
        : HttpStatus.valueOf(statusCode.value()).getReasonPhrase();
    String code = SnakeCase.of(HttpStatus.valueOf(statusCode.value()).name().toLowerCase());
    ResponseEntity<Object> response = problem(Problems.of(statusCode, code, detail), request);
    HttpHeaders merged = new HttpHeaders();
    merged.addAll(headers);
    merged.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return new ResponseEntity<>(response.getBody(), merged, statusCode);
  }

  private ResponseEntity<Object> problem(ProblemDetail problem, WebRequest request) {
    request.setAttribute(PROBLEM_ATTRIBUTE, problem, WebRequest.SCOPE_REQUEST);
    return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  private static ResponseEntity<Object> send(ProblemDetail problem, HttpServletRequest request) {
    request.setAttribute(PROBLEM_ATTRIBUTE, problem);
    return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  private static String summary(List<FieldError> errors) {
    if (errors.isEmpty()) {
      return "The request is invalid";
    }
    return "Invalid request: " + String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList());
  }

  private static String lastNode(String path) {
    int dot = path.lastIndexOf('.');
    return SnakeCase.of(dot < 0 ? path : path.substring(dot + 1));
  }
}
