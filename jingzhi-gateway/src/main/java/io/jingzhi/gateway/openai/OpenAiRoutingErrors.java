package io.jingzhi.gateway.openai;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The failures Spring MVC decides before any {@code /v1} handler is chosen — wrong media type (415), wrong method
 * (405), unknown path (404) — answered in OpenAI's error shape like every other {@code /v1} error. The
 * {@link OpenAiErrorAdvice} cannot: an advice scoped to the API's controllers applies only once one of them handles
 * the request. Other paths are left to the platform's problem details.
 */
@Component
class OpenAiRoutingErrors implements HandlerExceptionResolver, Ordered {

  private final JsonMapper json;

  OpenAiRoutingErrors(JsonMapper json) {
    this.json = json;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 1; // after Boot's DefaultErrorAttributes, which only records the failure
  }

  @Override
  public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
      Exception ex) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!path.startsWith("/v1/") || response.isCommitted()) {
      return null;
    }
    String where = request.getMethod() + " " + path;
    int status;
    String code;
    String message;
    if (ex instanceof HttpMediaTypeNotSupportedException) {
      status = 415;
      code = "unsupported_media_type";
      message = "Send the request body as application/json.";
    } else if (ex instanceof HttpRequestMethodNotSupportedException m) {
      status = 405;
      code = "method_not_allowed";
      String allowed = m.getSupportedHttpMethods() == null ? null
          : String.join(", ", m.getSupportedHttpMethods().stream().map(Object::toString).toList());
      message = "Method not allowed (" + where + ")" + (allowed == null ? "" : "; allowed: " + allowed);
      if (allowed != null) {
        response.setHeader(HttpHeaders.ALLOW, allowed);
      }
    } else if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
      status = 404;
      code = "unknown_url";
      message = "Invalid URL (" + where + ")";
    } else {
      return null;
    }
    try {
      response.setStatus(status);
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      response.setCharacterEncoding("UTF-8");
      json.writeValue(response.getOutputStream(), OpenAiErrorAdvice.error("invalid_request_error", code, null,
          message));
    } catch (IOException e) {
      return null;
    }
    return new ModelAndView();
  }
}
