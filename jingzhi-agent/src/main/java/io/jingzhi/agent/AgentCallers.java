package io.jingzhi.agent;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Callers;

/**
 * The caller of an agent request, the one place that tells people from API keys for the whole module. Building
 * apps, intervention, managing tools and connections is work of people in the portal; API keys only list and run
 * apps (and read their own runs), so they are refused everything else with 403 {@code user_only}.
 */
public final class AgentCallers {

  private AgentCallers() {}

  /** The signed-in user calling; an API key gets 403. */
  public static Caller user() {
    return user(Callers.current());
  }

  /** {@code caller} when it is a signed-in user; an API key gets 403. */
  public static Caller user(Caller caller) {
    if (!isUser(caller)) {
      throw ApiException.forbidden("user_only", "Agent apps, tools and connections are managed by signed-in"
          + " users; API keys may only list and run apps");
    }
    return caller;
  }

  /** Whether {@code caller} is a signed-in user (not an API key). */
  public static boolean isUser(Caller caller) {
    return caller.authType() == Caller.AuthType.USER;
  }

  /** A user or an API key. */
  public static Caller any() {
    return Callers.current();
  }
}
