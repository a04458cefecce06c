package io.jingzhi.knowledge.search;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/** The calendar day in the city (Asia/Shanghai): documents' dates are days there, the clock is UTC. */
final class Today {

  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private Today() {}

  static LocalDate of(Clock clock) {
    return LocalDate.ofInstant(clock.instant(), ZONE);
  }
}
