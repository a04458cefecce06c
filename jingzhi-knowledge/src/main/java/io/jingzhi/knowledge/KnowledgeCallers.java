package io.jingzhi.knowledge;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Callers;

/**
 * The caller of a knowledge request. Managing bases, documents, jobs and chunks is work of people in the portal;
 * API keys (apps) only retrieve, so they are refused everything else with 403 {@code user_only}.
 */
public final class KnowledgeCallers {

  private KnowledgeCallers() {}

  /** The signed-in user calling; an API key gets 403. */
  public static Caller user() {
    Caller caller = Callers.current();
    if (caller.authType() != Caller.AuthType.USER) {
      throw ApiException.forbidden("user_only", "Knowledge bases are managed by signed-in users; API keys may"
          + " only retrieve");
    }
    return caller;
  }

  /** A user or an API key. */
  public static Caller any() {
    return Callers.current();
  }
}
