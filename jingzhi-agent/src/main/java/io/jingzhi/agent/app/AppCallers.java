package io.jingzhi.agent.app;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Callers;

/**
 * The caller of an apps request. Building, publishing and managing apps is work of signed-in users; API keys only
 * list and run apps, so everything else answers them 403 {@code user_only}.
 */
final class AppCallers {

  private AppCallers() {}

  static Caller user() {
    Caller caller = Callers.current();
    if (caller.authType() != Caller.AuthType.USER) {
      throw ApiException.forbidden("user_only", "Apps are built and managed by signed-in users; API keys may only"
          + " list and run them");
    }
    return caller;
  }

  static Caller any() {
    return Callers.current();
  }
}
