package io.jingzhi.guard.event;

import io.jingzhi.guard.GuardProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes guard events older than {@code jingzhi.guard.event-retention-days}, hourly (first run after a minute). */
@Component
public class EventRetention {

  private static final Logger log = LoggerFactory.getLogger(EventRetention.class);

  private final EventRepository repository;
  private final GuardProperties properties;
  private final Clock clock;

  EventRetention(EventRepository repository, GuardProperties properties, Clock clock) {
    this.repository = repository;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
  void expire() {
    try {
      purge();
    } catch (RuntimeException e) {
      log.warn("Could not delete expired guard events; trying again within the hour: {}", e.toString());
    }
  }

  /** Deletes what is past retention; returns how many events went. */
  public int purge() {
    Instant cutoff = clock.instant().minus(Duration.ofDays(properties.eventRetentionDays()));
    int deleted = repository.deleteBefore(cutoff);
    if (deleted > 0) {
      log.info("Deleted {} guard events older than {} days", deleted, properties.eventRetentionDays());
    }
    return deleted;
  }
}
