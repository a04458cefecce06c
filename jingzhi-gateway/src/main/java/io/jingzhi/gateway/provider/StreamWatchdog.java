package io.jingzhi.gateway.provider;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Enforces the first-token, stream-idle and total timeouts of open upstream streams: a blocking read cannot
 * time out by itself, so a single timer closes the streams whose deadline passed, which ends the read.
 */
@Component
public class StreamWatchdog implements AutoCloseable {

  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "jingzhi-stream-watchdog");
    t.setDaemon(true);
    return t;
  });

  public StreamWatchdog() {
    timer.scheduleAtFixedRate(this::sweep, 50, 50, TimeUnit.MILLISECONDS);
  }

  /** The deadlines of one stream. Call {@link #progress()} on every event and {@link #close()} at the end. */
  public final class Watch implements AutoCloseable {
    private final AutoCloseable target;
    private final long started;
    private final long firstTokenNanos;
    private final long idleNanos;
    private final long totalNanos;
    private volatile long lastEvent = 0;
    private volatile String expired;

    private Watch(AutoCloseable target, long startedNanos, long firstTokenMs, long idleMs, long totalMs) {
      this.target = target;
      this.started = startedNanos;
      this.firstTokenNanos = TimeUnit.MILLISECONDS.toNanos(firstTokenMs);
      this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMs);
      this.totalNanos = TimeUnit.MILLISECONDS.toNanos(totalMs);
    }

    public void progress() {
      lastEvent = System.nanoTime();
    }

    /** Why the stream was cut, or null while it was not. */
    public String expired() {
      return expired;
    }

    void check(long now) {
      String reason = null;
      if (now - started > totalNanos) {
        reason = "total timeout";
      } else if (lastEvent == 0 && now - started > firstTokenNanos) {
        reason = "first-token timeout";
      } else if (lastEvent != 0 && now - lastEvent > idleNanos) {
        reason = "stream idle timeout";
      }
      if (reason != null) {
        expired = reason;
        watches.remove(this);
        try {
          target.close();
        } catch (Exception ignored) {
          // closing is all we can do
        }
      }
    }

    @Override
    public void close() {
      watches.remove(this);
    }
  }

  /**
   * Watches a stream whose request was sent at {@code startedNanos} ({@link System#nanoTime()}): the first-token
   * and total deadlines count from then, not from the response headers.
   */
  public Watch watch(AutoCloseable target, long startedNanos, long firstTokenMs, long idleMs, long totalMs) {
    Watch w = new Watch(target, startedNanos, firstTokenMs, idleMs, totalMs);
    watches.add(w);
    return w;
  }

  /**
   * Reads a whole (not streamed) answer within {@code totalMs} of {@code startedNanos}: the socket timeout bounds
   * each read, this bounds the call, so an upstream that sends its body a byte at a time cannot hold it longer.
   */
  public String readAll(UpstreamClient.Exchange exchange, long startedNanos, long totalMs, String upstream) {
    Watch watch = watch(exchange, startedNanos, totalMs, totalMs, totalMs);
    try {
      return exchange.readAll();
    } catch (UpstreamException broken) {
      if (watch.expired() != null) {
        throw new UpstreamException(true, 0, "upstream " + upstream + ": " + watch.expired(), null, broken);
      }
      throw broken;
    } finally {
      watch.close();
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Watch w : watches) {
      w.check(now);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
