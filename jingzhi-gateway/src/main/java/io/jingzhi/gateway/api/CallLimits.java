package io.jingzhi.gateway.api;

import io.jingzhi.iam.api.Caller;

/**
 * The gateway's limits for calls that are not model calls themselves: an agent app run started with an API key
 * (its native run API or {@code /v1} model {@code app/<code>}) counts one request and one concurrent call against
 * the key's own limits and those of its app, project and tenant. The run's model calls are counted on their own, so
 * the run itself charges no tokens.
 */
public interface CallLimits {

  /**
   * Admits one call of {@code name} (e.g. {@code app/<code>}) for the caller, or throws an
   * {@link io.jingzhi.common.error.ApiException}: 429 {@code rate_limit_exceeded} or {@code insufficient_quota}, 503
   * when the shared counter store is down and limits fail closed. A caller without limits (a signed-in user) is
   * always admitted.
   */
  Admitted admit(Caller caller, String name);

  /** An admitted call: {@link #end()} frees its concurrency slot; calls after the first do nothing. */
  interface Admitted {
    void end();
  }
}
