package io.jingzhi.agent.mcp.platform;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Counts working days (Monday to Friday) between two dates, both included, in either order. Public holidays and
 * their make-up working days (调休) are not known: only weekends are excluded.
 */
public final class Workdays {

  private Workdays() {}

  public static long between(LocalDate a, LocalDate b) {
    LocalDate start = a.isAfter(b) ? b : a;
    LocalDate end = a.isAfter(b) ? a : b;
    long days = ChronoUnit.DAYS.between(start, end) + 1;
    long weeks = days / 7;
    long count = weeks * 5;
    LocalDate d = start.plusDays(weeks * 7);
    for (; !d.isAfter(end); d = d.plusDays(1)) {
      if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
        count++;
      }
    }
    return count;
  }
}
