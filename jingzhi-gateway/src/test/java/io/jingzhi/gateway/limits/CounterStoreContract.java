package io.jingzhi.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.gateway.limits.CounterStore.Check;
import io.jingzhi.gateway.limits.CounterStore.Kind;
import io.jingzhi.gateway.limits.CounterStore.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every counter store must do; each implementation's test extends this (ARCHITECTURE §7.4). */
abstract class CounterStoreContract {

  protected final TestClock clock = new TestClock(Instant.parse("2025-03-01T08:00:00Z"));
  protected CounterStore store;
  /** Keys unique to the test, so a shared store (Redis) starts empty. */
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  protected abstract CounterStore create(TestClock clock);

  @BeforeEach
  void open() {
    store = create(clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private String key(String name) {
    return run + ":" + name;
  }

  private Check rpm(String name, long limit) {
    return new Check(Kind.RATE, key(name), limit, 1, 60_000);
  }

  @Test
  void aRateAdmitsItsBurstThenRefillsEvenly() {
    for (int i = 0; i < 60; i++) {
      assertThat(store.acquire(List.of(rpm("a", 60)), "l").granted()).as("request %d", i).isTrue();
    }
    Outcome denied = store.acquire(List.of(rpm("a", 60)), "l");
    assertThat(denied.granted()).isFalse();
    assertThat(denied.denied()).isZero();
    assertThat(denied.retryAfterMillis()).isEqualTo(1000);
    clock.advance(Duration.ofMillis(999));
    assertThat(store.acquire(List.of(rpm("a", 60)), "l").granted()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(store.acquire(List.of(rpm("a", 60)), "l").granted()).isTrue();
    assertThat(store.acquire(List.of(rpm("a", 60)), "l").granted()).isFalse();
  }

  @Test
  void aCallIsChargedAtEveryLevelOrAtNone() {
    Check keyLevel = rpm("key", 5);
    Check tenant = rpm("tenant", 2);
    assertThat(store.acquire(List.of(keyLevel, tenant), "l").granted()).isTrue();
    assertThat(store.acquire(List.of(keyLevel, tenant), "l").granted()).isTrue();
    Outcome third = store.acquire(List.of(keyLevel, tenant), "l");
    assertThat(third.denied()).isEqualTo(1);
    // The refused call did not use up the key's allowance: three more fit on the key alone.
    for (int i = 0; i < 3; i++) {
      assertThat(store.acquire(List.of(keyLevel), "l").granted()).isTrue();
    }
    assertThat(store.acquire(List.of(keyLevel), "l").granted()).isFalse();
  }

  @Test
  void tokenRatesAreCorrectedWithTheRealCount() {
    Check tpm = new Check(Kind.RATE, key("tpm"), 1000, 800, 60_000);
    assertThat(store.acquire(List.of(tpm), "l").granted()).isTrue();
    assertThat(store.acquire(List.of(new Check(Kind.RATE, key("tpm"), 1000, 300, 60_000)), "l").granted()).isFalse();
    store.adjust(List.of(new Check(Kind.RATE, key("tpm"), 1000, -700, 60_000))); // it used 100, not 800
    assertThat(store.acquire(List.of(new Check(Kind.RATE, key("tpm"), 1000, 900, 60_000)), "l").granted()).isTrue();
    assertThat(store.acquire(List.of(new Check(Kind.RATE, key("tpm"), 1000, 1, 60_000)), "l").granted()).isFalse();
  }

  @Test
  void concurrencySlotsAreHeldUntilReleasedAndExpireWhenTheHolderVanishes() {
    Check con = new Check(Kind.CONCURRENCY, key("con"), 2, 1, 30_000);
    assertThat(store.acquire(List.of(con), "one").granted()).isTrue();
    assertThat(store.acquire(List.of(con), "two").granted()).isTrue();
    assertThat(store.acquire(List.of(con), "three").granted()).isFalse();
    store.release(List.of(con.key()), "one");
    assertThat(store.acquire(List.of(con), "three").granted()).isTrue();
    clock.advance(Duration.ofSeconds(20));
    store.renew(List.of(con.key()), "three", 30_000); // "two" belongs to a node that died and renews nothing
    clock.advance(Duration.ofSeconds(15));
    assertThat(store.acquire(List.of(con), "four").granted()).as("two's lease expired").isTrue();
    assertThat(store.acquire(List.of(con), "five").granted()).as("three was renewed").isFalse();
  }

  @Test
  void aQuotaAdmitsWhileAnythingIsLeftAndCountsTheRealUse() {
    Check day = new Check(Kind.QUOTA, key("day"), 100, 60, 3_600_000);
    assertThat(store.acquire(List.of(day), "l").granted()).isTrue();
    assertThat(store.used(day.key())).isEqualTo(60);
    store.adjust(List.of(new Check(Kind.QUOTA, key("day"), 100, 30, 3_600_000))); // it used 90
    assertThat(store.acquire(List.of(day), "l").granted()).isTrue();
    assertThat(store.used(day.key())).isEqualTo(150);
    Outcome spent = store.acquire(List.of(day), "l");
    assertThat(spent.granted()).isFalse();
    assertThat(spent.retryAfterMillis()).isEqualTo(3_600_000);
  }

  @Test
  void aRefusedCallChargesNothingEvenForLevelsBeforeTheOneThatRefused() {
    Check con = new Check(Kind.CONCURRENCY, key("c"), 1, 1, 30_000);
    Check quota = new Check(Kind.QUOTA, key("q"), 10, 5, 3_600_000);
    Check full = rpm("full", 1);
    assertThat(store.acquire(List.of(full), "x").granted()).isTrue();
    assertThat(store.acquire(List.of(con, quota, full), "y").denied()).isEqualTo(2);
    assertThat(store.used(quota.key())).isZero();
    assertThat(store.acquire(List.of(con), "z").granted()).isTrue();
  }
}
