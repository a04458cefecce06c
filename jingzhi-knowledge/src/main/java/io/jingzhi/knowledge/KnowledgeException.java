package io.jingzhi.knowledge;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import java.util.List;
import org.springframework.http.HttpStatus;

/** Root of the knowledge hub's failures; status and stable code travel to the API client as a problem. */
public class KnowledgeException extends ApiException {

  public KnowledgeException(HttpStatus status, String code, String detail) {
    super(status, code, detail);
  }

  /** A failure that names the request fields at fault (shown as the problem's {@code errors}). */
  public KnowledgeException(HttpStatus status, String code, String detail, List<FieldError> fieldErrors) {
    super(status, code, detail, fieldErrors);
  }
}
