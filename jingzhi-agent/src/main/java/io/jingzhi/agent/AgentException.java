package io.jingzhi.agent;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import java.util.List;
import org.springframework.http.HttpStatus;

/** Root of the agent module's failures; status and stable code travel to the API client as a problem. */
public class AgentException extends ApiException {

  public AgentException(HttpStatus status, String code, String detail) {
    super(status, code, detail);
  }

  /** A failure that names the fields at fault (for definitions: {@code nodes.<id>.config.<field>}). */
  public AgentException(HttpStatus status, String code, String detail, List<FieldError> fieldErrors) {
    super(status, code, detail, fieldErrors);
  }
}
