package io.jingzhi.iam.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Answers requests the security firewall refuses (a path with {@code //}, {@code ..}, encoded slashes or other
 * ambiguous forms) with a 400 problem (OpenAI's error shape on {@code /v1}) instead of the servlet container's
 * default error body.
 */
@Component
class RejectedRequestWriter implements RequestRejectedHandler {

  private final AuthErrorWriter errors;

  RejectedRequestWriter(AuthErrorWriter errors) {
    this.errors = errors;
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex)
      throws IOException {
    errors.write(request, response, 400, "request_rejected",
        "The request's path is not in a normal form (double slashes, '..', encoded separators are refused)");
  }
}
