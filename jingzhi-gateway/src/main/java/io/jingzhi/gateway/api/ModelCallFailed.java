package io.jingzhi.gateway.api;

import io.jingzhi.common.error.ApiException;
import org.springframework.http.HttpStatus;

/**
 * A model call made through {@link ModelClient} that the gateway refused or could not complete; the status and
 * code are those a {@code /v1} client would have got (429 over a limit, 404 unknown model, 503 no upstream ...).
 */
public class ModelCallFailed extends ApiException {

  public ModelCallFailed(int status, String code, String message) {
    super(HttpStatus.valueOf(status), "model_call." + code, message);
  }
}
