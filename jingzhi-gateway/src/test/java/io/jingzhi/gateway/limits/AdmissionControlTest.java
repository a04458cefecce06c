package io.jingzhi.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.jingzhi.gateway.GatewayProperties;
import io.jingzhi.gateway.GatewayProperties.RedisFailure;
import io.jingzhi.iam.api.ApiKeyGrants;
import io.jingzhi.iam.api.Caller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Admission over all levels with the in-memory store and a hand-moved clock. */
class AdmissionControlTest {

  static final long TENANT = 5;
  static final long PROJECT = 3;
  static final long APP = 4;
  static final long KEY = 7;

  final TestClock clock = new TestClock(Instant.parse("2025-03-01T08:00:00Z"));
  final List<Limits> stored = new ArrayList<>();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final Caller caller = new Caller(1, "app:x", "x", 9, TENANT, Set.of(), Set.of("model:invoke"),
      Caller.AuthType.API_KEY, KEY, APP, null, "127.0.0.1", false);

  AdmissionControl admission(CounterStore store, RedisFailure failure, Map<String, Integer> capacity,
      Duration deadline) {
    LimitRepository repository = mock(LimitRepository.class);
    when(repository.all()).thenReturn(stored);
    LimitCatalog catalog = new LimitCatalog(repository);
    catalog.refresh();
    LimitsSettings settings = new LimitsSettings(1024, deadline, Duration.ofSeconds(60), Duration.ofSeconds(5),
        ZoneId.of("Asia/Shanghai"), "t", Duration.ofMillis(100), capacity);
    GatewayProperties properties = new GatewayProperties(null, false, 3, Duration.ofMillis(50), null, failure, 1.5,
        settings, new GatewayProperties.Metering(1000, 100, Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(10)), new GatewayProperties.Aigc("jingzhi", ""),
        new GatewayProperties.Pacing(false, Duration.ofMillis(10), Duration.ofMillis(2), Duration.ofMillis(20),
            Duration.ofMillis(100)), new GatewayProperties.KeepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    TpsScheduler scheduler = new TpsScheduler(clock, m -> capacity.getOrDefault(m, 0), catalog::guaranteedTps);
    return new AdmissionControl(store, catalog, scheduler, properties, clock, meters);
  }

  AdmissionControl admission() {
    return admission(new InMemoryCounterStore(clock), RedisFailure.OPEN, Map.of(), Duration.ofSeconds(2));
  }

  static Optional<ApiKeyGrants.Grant> grant(Integer rpm, Integer tpm, Integer concurrency) {
    return Optional.of(new ApiKeyGrants.Grant(KEY, APP, PROJECT, List.of(), rpm, tpm, concurrency));
  }

  void store(LimitScope scope, long id, Integer rpm, Integer tpm, Integer concurrency, Long daily) {
    stored.add(new Limits(scope, id, rpm, tpm, concurrency, daily, null, null, Instant.EPOCH));
  }

  @Test
  void theKeysOwnRateLimitRefusesWithRetryAfterAndNamesTheKey() {
    AdmissionControl admission = admission();
    admission.admit(caller, grant(2, null, null), "m", 10).finish(10);
    admission.admit(caller, grant(2, null, null), "m", 10).finish(10);
    assertThatThrownBy(() -> admission.admit(caller, grant(2, null, null), "m", 10))
        .isInstanceOfSatisfying(LimitExceeded.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.code()).isEqualTo(LimitExceeded.RATE_LIMITED);
          assertThat(e.retryAfterSeconds()).isEqualTo(30);
          assertThat(e.getMessage()).contains("API key 7").contains("rpm").contains("limit 2");
        });
    assertThat(meters.counter("jingzhi.gateway.limits.rejected", "scope", "key", "kind", "rpm").count()).isEqualTo(1);
  }

  @Test
  void projectConcurrencyIsFreedWhenTheCallFinishes() {
    store(LimitScope.PROJECT, PROJECT, null, null, 1, null);
    AdmissionControl admission = admission();
    AdmissionControl.Permit first = admission.admit(caller, grant(null, null, null), "m", 10);
    assertThatThrownBy(() -> admission.admit(caller, grant(null, null, null), "m", 10))
        .hasMessageContaining("project 3").hasMessageContaining("concurrent requests");
    assertThat(admission.running()).isEqualTo(1);
    first.finish(10);
    first.finish(10); // finishing twice frees nothing more
    assertThat(admission.running()).isZero();
    admission.admit(caller, grant(null, null, null), "m", 10).finish(10);
  }

  @Test
  void tokensPerMinuteAreChargedWithTheRealCountNotTheEstimate() {
    store(LimitScope.APP, APP, null, 1000, null, null);
    AdmissionControl admission = admission();
    admission.admit(caller, grant(null, null, null), "m", 900).finish(100);
    admission.admit(caller, grant(null, null, null), "m", 900).finish(800);
    assertThatThrownBy(() -> admission.admit(caller, grant(null, null, null), "m", 200))
        .hasMessageContaining("app 4").hasMessageContaining("tpm");
  }

  @Test
  void theTenantsDailyQuotaRunsOutAndStartsOverTheNextDayInTheQuotaZone() {
    store(LimitScope.TENANT, TENANT, null, null, null, 100L);
    AdmissionControl admission = admission();
    admission.admit(caller, Optional.empty(), "m", 1024).finish(60);
    admission.admit(caller, Optional.empty(), "m", 1024).finish(60);
    assertThatThrownBy(() -> admission.admit(caller, Optional.empty(), "m", 10))
        .isInstanceOfSatisfying(LimitExceeded.class, e -> {
          assertThat(e.code()).isEqualTo(LimitExceeded.QUOTA);
          assertThat(e.getMessage()).contains("tenant 5").contains("daily token quota");
          // 08:00 UTC is 16:00 in Shanghai: the day starts over in 8 hours.
          assertThat(e.retryAfterSeconds()).isEqualTo(8 * 3600);
        });
    clock.advance(Duration.ofHours(8));
    admission.admit(caller, Optional.empty(), "m", 10).finish(10);
  }

  @Test
  void aCallThatNeverGotAnAnswerIsNotCharged() {
    store(LimitScope.TENANT, TENANT, null, 100, null, null);
    AdmissionControl admission = admission();
    admission.admit(caller, Optional.empty(), "m", 100).finish(0);
    admission.admit(caller, Optional.empty(), "m", 100).finish(100);
  }

  @Test
  void anUnreachableStoreAdmitsWhenFailingOpenAndRefusesWith503WhenClosed() {
    store(LimitScope.TENANT, TENANT, 1, null, null, null);
    AdmissionControl open = admission(new FailingStore(), RedisFailure.OPEN, Map.of(), Duration.ofSeconds(2));
    for (int i = 0; i < 3; i++) {
      open.admit(caller, Optional.empty(), "m", 10).finish(10);
    }
    assertThat(meters.counter("jingzhi.gateway.limits.store.failures").count()).isGreaterThanOrEqualTo(3);
    AdmissionControl closed = admission(new FailingStore(), RedisFailure.CLOSED, Map.of(), Duration.ofSeconds(2));
    assertThatThrownBy(() -> closed.admit(caller, Optional.empty(), "m", 10))
        .isInstanceOfSatisfying(LimitExceeded.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.code()).isEqualTo(LimitExceeded.UNAVAILABLE);
        });
  }

  @Test
  void aCallRefusedForModelCapacityGivesBackWhatItWasCharged() {
    store(LimitScope.TENANT, TENANT, 2, null, null, null);
    AdmissionControl admission = admission(new InMemoryCounterStore(clock), RedisFailure.OPEN, Map.of("m", 100),
        Duration.ofMillis(1));
    AdmissionControl.Permit running = admission.admit(caller, Optional.empty(), "m", 100);
    assertThatThrownBy(() -> admission.admit(caller, Optional.empty(), "m", 100))
        .isInstanceOfSatisfying(LimitExceeded.class, e -> {
          assertThat(e.code()).isEqualTo(LimitExceeded.RATE_LIMITED);
          assertThat(e.getMessage()).contains("`m` is at capacity");
        });
    running.finish(100);
    clock.advance(Duration.ofSeconds(1));
    // the refused call's request was refunded: the second of two rpm is still there
    admission.admit(caller, Optional.empty(), "m", 100).finish(100);
  }

  /** A store whose backend is down. */
  static final class FailingStore implements CounterStore {
    @Override
    public Outcome acquire(List<Check> checks, String lease) {
      throw new CounterStoreUnavailable("down", null);
    }

    @Override
    public void adjust(List<Check> checks) {
      throw new CounterStoreUnavailable("down", null);
    }

    @Override
    public void release(List<String> concurrencyKeys, String lease) {
      throw new CounterStoreUnavailable("down", null);
    }

    @Override
    public void renew(List<String> concurrencyKeys, String lease, long ttlMillis) {
      throw new CounterStoreUnavailable("down", null);
    }

    @Override
    public long used(String quotaKey) {
      throw new CounterStoreUnavailable("down", null);
    }

    @Override
    public void close() {}
  }
}
