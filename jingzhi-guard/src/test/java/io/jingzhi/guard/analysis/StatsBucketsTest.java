package io.jingzhi.guard.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatsBucketsTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Test
  void dayBucketsStartAtMidnightOfTheZone() {
    assertThat(StatsService.buckets(Instant.parse("2025-01-10T00:00:00Z"), Instant.parse("2025-01-12T00:00:00Z"),
        false, SHANGHAI)).containsExactly(Instant.parse("2025-01-09T16:00:00Z"),
            Instant.parse("2025-01-10T16:00:00Z"), Instant.parse("2025-01-11T16:00:00Z"));
  }

  @Test
  void hourBucketsCoverTheHalfOpenRange() {
    assertThat(StatsService.buckets(Instant.parse("2025-01-10T00:30:00Z"), Instant.parse("2025-01-10T03:00:00Z"),
        true, ZoneOffset.UTC)).containsExactly(Instant.parse("2025-01-10T00:00:00Z"),
            Instant.parse("2025-01-10T01:00:00Z"), Instant.parse("2025-01-10T02:00:00Z"));
    assertThat(StatsService.truncate(Instant.parse("2025-01-10T15:59:59Z"), false, SHANGHAI))
        .isEqualTo(Instant.parse("2025-01-09T16:00:00Z"));
  }

  @Test
  void theRiskScoreGrowsWithPointsAndStaysBelowAHundred() {
    assertThat(RiskScore.score(0)).isZero();
    assertThat(RiskScore.score(RiskScore.points(5, 0, 0))).isEqualTo(63);
    assertThat(RiskScore.score(RiskScore.points(100, 100, 100))).isEqualTo(100);
    assertThat(RiskScore.points(2, 1, 1)).isEqualTo(14);
  }
}
