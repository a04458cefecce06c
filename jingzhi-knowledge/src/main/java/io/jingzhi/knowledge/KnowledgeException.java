package io.jingzhi.knowledge;

import io.jingzhi.common.error.ApiException;
import org.springframework.http.HttpStatus;

/** Root of the knowledge hub's failures; status and stable code travel to the API client as a problem. */
public class KnowledgeException extends ApiException {

  public KnowledgeException(HttpStatus status, String code, String detail) {
    super(status, code, detail);
  }
}
