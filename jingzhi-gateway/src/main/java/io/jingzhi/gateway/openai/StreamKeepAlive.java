package io.jingzhi.gateway.openai;

import io.jingzhi.gateway.GatewayProperties;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The timer of the keep-alive comments of streams waiting for their first token ({@link ClientStream}, settings
 * {@link GatewayProperties.KeepAlive}). One timer thread for all streams; each comment is written on a virtual
 * thread of its own, so a client that stopped reading holds up nobody else's.
 */
@Component
class StreamKeepAlive implements AutoCloseable {

  private final GatewayProperties.KeepAlive settings;
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "jingzhi-stream-keep-alive");
    t.setDaemon(true);
    return t;
  });

  StreamKeepAlive(GatewayProperties properties) {
    this.settings = properties.keepAlive();
    timer.setRemoveOnCancelPolicy(true); // most waits end with the first token, long before their comment is due
  }

  /** Whether streams are started early at all ({@code after} is not zero). */
  boolean enabled() {
    return !settings.after().isZero();
  }

  /** Runs {@code beat} on a virtual thread after the first wait ({@code first}) or the interval between comments. */
  ScheduledFuture<?> schedule(Runnable beat, boolean first) {
    Duration delay = first ? settings.after() : settings.interval();
    return timer.schedule(() -> Thread.ofVirtual().name("jingzhi-keep-alive").start(beat), delay.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
