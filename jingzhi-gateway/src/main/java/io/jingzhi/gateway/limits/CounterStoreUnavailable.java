package io.jingzhi.gateway.limits;

/** The shared counter store could not answer; the configured failure mode decides what the call does. */
public class CounterStoreUnavailable extends RuntimeException {

  public CounterStoreUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
