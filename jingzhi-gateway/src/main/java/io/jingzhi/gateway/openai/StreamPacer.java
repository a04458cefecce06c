package io.jingzhi.gateway.openai;

import io.jingzhi.gateway.GatewayProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.locks.LockSupport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Coalesces the events of open streams while the server is short of CPU. A probe (a virtual thread that sleeps
 * {@code probe} in a loop) measures how late virtual threads get to run: on an idle machine it wakes within a
 * fraction of a millisecond; when more work is runnable than the cores can take, every stream's next event waits in
 * the same queue. Above {@code lagLow} each stream pauses after flushing an event, for up to {@code maxPause} as the
 * lag approaches {@code lagHigh}, and then relays what arrived in the meantime in one read, one inspection by the
 * output guard and one write: fewer wake-ups, reads, guard checks and writes per token, the same tokens per second,
 * and the first token is never paused (the pause comes after a flush). With the lag below {@code lagLow} nothing
 * pauses, so light load sees every event as it arrives.
 */
@Component
public class StreamPacer implements AutoCloseable {

  /** Weight of a new lag sample in the moving average (about the last ten probes). */
  private static final double ALPHA = 0.1;

  private final GatewayProperties.Pacing settings;
  private final Thread probe;
  private volatile double lagNanos;
  private volatile boolean closed;

  @Autowired
  public StreamPacer(GatewayProperties properties, ObjectProvider<MeterRegistry> meters) {
    this(properties.pacing(), true);
    meters.ifAvailable(registry -> {
      Gauge.builder("jingzhi.gateway.stream.pacing.lag", this, StreamPacer::lagMillis).baseUnit("milliseconds")
          .description("How late virtual threads run (moving average); streams pace above lag-low").register(registry);
      Gauge.builder("jingzhi.gateway.stream.pacing.pause", this, p -> p.pauseNanos() / 1e6).baseUnit("milliseconds")
          .description("The pause a stream takes now after flushing an event").register(registry);
    });
  }

  /** A pacer with these settings; {@code probing} false leaves the lag to {@link #record} (tests). */
  StreamPacer(GatewayProperties.Pacing settings, boolean probing) {
    this.settings = settings;
    this.probe = settings.enabled() && probing
        ? Thread.ofVirtual().name("jingzhi-stream-pacer").start(this::measure)
        : null;
  }

  /** How long a stream should wait after flushing an event before it reads the next, in nanoseconds (0: none). */
  long pauseNanos() {
    if (!settings.enabled()) {
      return 0;
    }
    long low = settings.lagLow().toNanos();
    long high = Math.max(low + 1, settings.lagHigh().toNanos());
    double lag = lagNanos;
    if (lag <= low) {
      return 0;
    }
    // Never less than half the bound: a pause shorter than the time between two tokens would add a wake-up per
    // event and merge nothing.
    double share = 0.5 + 0.5 * Math.min(1.0, (lag - low) / (high - low));
    return (long) (share * settings.maxPause().toNanos());
  }

  /** Pauses the calling stream for {@link #pauseNanos()} (returns early when the thread is interrupted). */
  void pause() {
    long nanos = pauseNanos();
    if (nanos > 0) {
      LockSupport.parkNanos(nanos);
    }
  }

  /** The smoothed scheduling lag of virtual threads, in milliseconds (for metrics and tests). */
  public double lagMillis() {
    return lagNanos / 1e6;
  }

  /** Feeds one measured lag into the moving average (the probe's own loop; visible for tests). */
  void record(long lag) {
    lagNanos = lagNanos + ALPHA * (Math.max(0, lag) - lagNanos);
  }

  private void measure() {
    long period = settings.probe().toNanos();
    while (!closed) {
      long start = System.nanoTime();
      LockSupport.parkNanos(period);
      if (Thread.interrupted() && closed) {
        return;
      }
      record(System.nanoTime() - start - period);
    }
  }

  @Override
  public void close() {
    closed = true;
    if (probe != null) {
      probe.interrupt();
    }
  }
}
