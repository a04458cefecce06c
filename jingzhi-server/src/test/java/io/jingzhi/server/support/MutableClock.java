package io.jingzhi.server.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The real UTC clock plus an offset a test can move forward, to reach timeouts and expiries without sleeping. */
public final class MutableClock extends Clock {

  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  public void advance(Duration by) {
    offset.accumulateAndGet(by, Duration::plus);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** A view in another zone that moves with this clock (the gateway's limits read calendar days in a zone). */
  @Override
  public Clock withZone(ZoneId zone) {
    MutableClock moving = this;
    return new Clock() {
      @Override
      public Instant instant() {
        return moving.instant();
      }

      @Override
      public ZoneId getZone() {
        return zone;
      }

      @Override
      public Clock withZone(ZoneId other) {
        return moving.withZone(other);
      }
    };
  }
}
