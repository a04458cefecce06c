package io.jingzhi.guard.proxy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends the read of an app's stream that has gone silent: every read marks activity, a timer looks now and then and
 * closes the stream once it has been quiet longer than the limit, which makes the blocked read fail at once (the
 * JDK client's body stream throws when closed from another thread). The HTTP client's own timeout covers only the
 * time until the headers, so without this a stalled app would hold the client's stream open forever.
 */
final class IdleWatch implements AutoCloseable {

  private final InputStream watched;
  private final long limitNanos;
  private final ScheduledFuture<?> task;
  private volatile long lastActivity = System.nanoTime();
  private volatile boolean expired;

  private IdleWatch(InputStream in, Duration limit, ScheduledExecutorService timer) {
    this.limitNanos = limit.toNanos();
    this.watched = new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        lastActivity = System.nanoTime();
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        lastActivity = System.nanoTime();
        return n;
      }
    };
    // look four times per limit (at most once a second): a stall is noticed within 1.25 times the limit
    long period = Math.max(10, Math.min(1000, limit.toMillis() / 4));
    this.task = timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  /** Watches {@code in}; a limit of zero or less watches nothing. */
  static IdleWatch start(InputStream in, Duration limit, ScheduledExecutorService timer) {
    return limit == null || limit.isZero() || limit.isNegative() ? null : new IdleWatch(in, limit, timer);
  }

  /** The stream to read from instead of the original. */
  InputStream stream() {
    return watched;
  }

  /** Whether the stream was closed because it stayed silent too long. */
  boolean expired() {
    return expired;
  }

  Duration limit() {
    return Duration.ofNanos(limitNanos);
  }

  private void check() {
    if (!expired && System.nanoTime() - lastActivity > limitNanos) {
      expired = true;
      ScheduledFuture<?> t = task; // null only if the first look came before the constructor finished
      if (t != null) {
        t.cancel(false);
      }
      try {
        watched.close();
      } catch (IOException | RuntimeException e) {
        // closing is how the blocked read is woken; a failure to close leaves nothing else to do
      }
    }
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
