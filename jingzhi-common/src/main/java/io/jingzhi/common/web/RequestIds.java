package io.jingzhi.common.web;

import org.slf4j.MDC;

/** Access to the id of the request being served, as put in the logging context by {@link RequestIdFilter}. */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  public static final String MDC_KEY = "request_id";

  private RequestIds() {}

  public static String current() {
    return MDC.get(MDC_KEY);
  }
}
