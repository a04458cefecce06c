package io.jingzhi.agent;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Callers;

/**
 * The caller of an agent request. Building apps and managing tools and connections is work of people in the
 * portal; API keys only run apps (and read their own runs), so they are refused everything else with 403
 * {@code user_only}.
 */
public final class AgentCallers {

  private AgentCallers() {}

  /** The signed-in user calling; an API key gets 403. */
  public static Caller user() {
    Caller caller = Callers.current();
    if (caller.authType() != Caller.AuthType.USER) {
      throw ApiException.forbidden("user_only", "Agent apps, tools and connections are managed by signed-in"
          + " users; API keys may only run apps");
    }
    return caller;
  }

  /** A user or an API key. */
  public static Caller any() {
    return Callers.current();
  }
}
