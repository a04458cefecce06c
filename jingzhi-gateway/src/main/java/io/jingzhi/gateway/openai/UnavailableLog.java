package io.jingzhi.gateway.openai;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs why the OpenAI-compatible API answered 503 (which endpoint, which failure and its root cause) at WARN, at
 * most once per {@link #WINDOW_NANOS} for the same endpoint and cause, with the number of repeats left out since:
 * an operator learns the cause of a burst of 503s without a log line per refused call.
 */
final class UnavailableLog {

  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final Logger log = LoggerFactory.getLogger(UnavailableLog.class);
  /** More distinct keys than this (a flood of odd paths) and the map starts again. */
  private static final int MAX_KEYS = 1000;

  private final LongSupplier nanos;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** When a key last logged and how many of its failures were left out since. */
  private static final class Window {
    long loggedAt;
    long suppressed;
  }

  UnavailableLog(LongSupplier nanos) {
    this.nanos = nanos;
  }

  void warn(String method, String path, String code, Throwable e) {
    String line = line(method, path, code, e);
    if (line != null) {
      log.warn(line);
    }
  }

  /** The line to log now, or null when the same endpoint and cause was logged within the window. */
  String line(String method, String path, String code, Throwable e) {
    Throwable root = root(e);
    String key = method + " " + path + " " + code + " " + root.getClass().getName();
    if (windows.size() > MAX_KEYS) {
      windows.clear();
    }
    Window w = windows.computeIfAbsent(key, k -> new Window());
    long now = nanos.getAsLong();
    long left;
    synchronized (w) {
      if (w.loggedAt != 0 && now - w.loggedAt < WINDOW_NANOS) {
        w.suppressed++;
        return null;
      }
      w.loggedAt = now == 0 ? 1 : now;
      left = w.suppressed;
      w.suppressed = 0;
    }
    StringBuilder b = new StringBuilder("Answered 503 (").append(code).append(") on ").append(method).append(' ')
        .append(path).append(": ").append(e.getMessage());
    if (root != e) {
      b.append("; cause ").append(root.getClass().getName()).append(": ").append(root.getMessage());
    }
    if (left > 0) {
      b.append(" (and ").append(left).append(" more like it since the last such line)");
    }
    return b.toString();
  }

  private static Throwable root(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }
}
