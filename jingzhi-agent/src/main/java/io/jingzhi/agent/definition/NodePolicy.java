package io.jingzhi.agent.definition;

import java.util.Map;

/**
 * How one node is run and what happens when it fails.
 *
 * @param timeoutMs longest one attempt may take; null means {@code jingzhi.agent.engine.node-timeout}
 * @param retries attempts after the first (0–10); every attempt is in the trace
 * @param retryIntervalMs pause between attempts
 * @param onError {@code fail} (default: the run fails), {@code fallback} (the node succeeds with {@code fallback}
 *     as its outputs) or {@code branch} (the run follows the node's {@code error} edge; the outputs
 *     {@code error.code} and {@code error.message} are set)
 * @param fallback the outputs used when {@code onError} is {@code fallback}
 */
public record NodePolicy(Long timeoutMs, Integer retries, Long retryIntervalMs, String onError,
    Map<String, Object> fallback) {

  public static final String FAIL = "fail";
  public static final String FALLBACK = "fallback";
  public static final String BRANCH = "branch";

  /** The handle of the edge followed when a node with {@code on_error: branch} fails. */
  public static final String ERROR_HANDLE = "error";
}
