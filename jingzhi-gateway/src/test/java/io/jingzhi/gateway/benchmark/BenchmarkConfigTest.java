package io.jingzhi.gateway.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.common.error.ApiException;
import org.junit.jupiter.api.Test;

class BenchmarkConfigTest {

  private static BenchmarkConfig concurrency(Integer n, Integer requests) {
    return new BenchmarkConfig(null, "m", "concurrency", n, null, requests, null, null, null, null, null, null, null);
  }

  private static String field(BenchmarkConfig c) {
    try {
      c.normalized();
      return null;
    } catch (ApiException e) {
      return e.fieldErrors().getFirst().field();
    }
  }

  @Test
  void fillsDefaults() {
    BenchmarkConfig c = concurrency(4, 20).normalized();
    assertThat(c.warmupRequests()).isZero();
    assertThat(c.maxTokens()).isEqualTo(128);
    assertThat(c.stream()).isTrue();
    assertThat(c.prompt()).isEqualTo(BenchmarkConfig.DEFAULT_PROMPT);
    assertThat(c.seed()).isNotNull();
    assertThat(c.total()).isEqualTo(20);
    BenchmarkConfig poisson = new BenchmarkConfig("p", "m", "poisson", null, 2.5, 10, 2, null, 64, null, false,
        new Slo(null, null, null), 1L).normalized();
    assertThat(poisson.concurrency()).isEqualTo(BenchmarkConfig.DEFAULT_POISSON_IN_FLIGHT);
    assertThat(poisson.prompt()).isNull();
    assertThat(poisson.slo()).as("an empty SLO is none").isNull();
    assertThat(poisson.total()).isEqualTo(12);
  }

  @Test
  void namesTheInvalidField() {
    assertThat(field(concurrency(0, 10))).isEqualTo("concurrency");
    assertThat(field(concurrency(2001, 10))).isEqualTo("concurrency");
    assertThat(field(concurrency(null, 10))).isEqualTo("concurrency");
    assertThat(field(concurrency(1, 0))).isEqualTo("requests");
    assertThat(field(concurrency(1, 100_001))).isEqualTo("requests");
    assertThat(field(concurrency(1, null))).isEqualTo("requests");
    assertThat(field(new BenchmarkConfig(null, "m", "burst", 1, null, 1, null, null, null, null, null, null, null)))
        .isEqualTo("mode");
    assertThat(field(new BenchmarkConfig(null, " ", "concurrency", 1, null, 1, null, null, null, null, null, null,
        null))).isEqualTo("model");
    assertThat(field(new BenchmarkConfig(null, "m", "poisson", null, 0.0, 1, null, null, null, null, null, null,
        null))).isEqualTo("rate");
    assertThat(field(new BenchmarkConfig(null, "m", "concurrency", 1, 3.0, 1, null, null, null, null, null, null,
        null))).isEqualTo("rate");
    assertThat(field(new BenchmarkConfig(null, "m", "concurrency", 1, null, 1, -1, null, null, null, null, null,
        null))).isEqualTo("warmup_requests");
    assertThat(field(new BenchmarkConfig(null, "m", "concurrency", 1, null, 1, null, "hi", 10, null, null, null,
        null))).isEqualTo("prompt_tokens");
    assertThat(field(new BenchmarkConfig(null, "m", "concurrency", 1, null, 1, null, null, null, 0, null, null,
        null))).isEqualTo("max_tokens");
    assertThat(field(new BenchmarkConfig(null, "m", "concurrency", 1, null, 1, null, null, null, null, null,
        new Slo(-5.0, null, null), null))).isEqualTo("slo.ttft_ms");
  }

  @Test
  void refusesAnEmptyPrompt() {
    assertThatThrownBy(() -> new BenchmarkConfig(null, "m", "concurrency", 1, null, 1, null, "  ", null, null, null,
        null, null).normalized()).isInstanceOf(ApiException.class).hasMessageContaining("prompt");
  }
}
