package io.jingzhi.iam.auth;

import io.jingzhi.common.error.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes authentication and authorization failures: problem details on the platform API, OpenAI's error
 * shape on the OpenAI-compatible {@code /v1} API so its SDKs understand them.
 */
@Component
public class AuthErrorWriter implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final JsonMapper json;

  public AuthErrorWriter(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
      throws IOException {
    Object refusal = request.getAttribute(BearerAuthenticationFilter.REFUSAL);
    String detail = refusal != null ? refusal.toString()
        : "Authentication required: send Authorization: Bearer <token or API key>";
    response.setHeader("WWW-Authenticate", "Bearer");
    write(request, response, 401, refusal != null ? "invalid_credentials" : "unauthenticated", detail);
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
      throws IOException {
    write(request, response, 403, "permission_denied", "You do not have permission for this action");
  }

  public void write(HttpServletRequest request, HttpServletResponse response, int status, String code, String detail)
      throws IOException {
    response.setStatus(status);
    response.setCharacterEncoding("UTF-8");
    if (request.getRequestURI().startsWith("/v1/")) {
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("message", detail);
      error.put("type", status == 403 ? "permission_error" : "invalid_request_error");
      error.put("param", null);
      error.put("code", status == 401 ? "invalid_api_key" : code);
      response.getWriter().write(json.writeValueAsString(Map.of("error", error)));
      return;
    }
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getWriter().write(json.writeValueAsString(Problems.of(HttpStatus.valueOf(status), code, detail)));
  }
}
