package io.jingzhi.common.error;

import io.jingzhi.common.web.RequestIds;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem details with the platform's extra members (code, request_id, errors). */
public final class Problems {

  public static final String TYPE_BASE = "https://jingzhi.io/problems/";

  private Problems() {}

  public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
    return of(status, code, detail, List.of());
  }

  public static ProblemDetail of(HttpStatusCode status, String code, String detail, List<FieldError> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + code.replace('.', '-').replace('_', '-')));
    problem.setProperty("code", code);
    String requestId = RequestIds.current();
    if (requestId != null) {
      problem.setProperty("request_id", requestId);
    }
    if (!errors.isEmpty()) {
      problem.setProperty("errors", errors);
    }
    return problem;
  }
}
