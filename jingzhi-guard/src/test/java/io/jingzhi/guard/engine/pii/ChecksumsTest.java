package io.jingzhi.guard.engine.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChecksumsTest {

  @Test
  void residentIdCheckDigit() {
    assertThat(Checksums.residentId("11010519491231002X")).isTrue();
    assertThat(Checksums.residentId("11010519491231002x")).isTrue();
    assertThat(Checksums.residentId("110105194912310021")).isFalse();
    assertThat(Checksums.residentId("440524188001010014")).isTrue();
    assertThat(Checksums.residentId("44052418800101001")).isFalse();
    assertThat(Checksums.residentIdCheck("11010519491231002")).isEqualTo('X');
  }

  @Test
  void luhn() {
    assertThat(Checksums.luhn("4111111111111111")).isTrue();
    assertThat(Checksums.luhn("6222021234567890128")).isEqualTo(Checksums.luhnCheck("622202123456789012") == '8');
    assertThat(Checksums.luhn("4111111111111112")).isFalse();
    assertThat(Checksums.luhn("79927398713")).isTrue();
  }

  @Test
  void unifiedSocialCreditCode() {
    assertThat(Checksums.uscc("91350100M000100Y43")).isTrue();
    assertThat(Checksums.uscc("91350100M000100Y44")).isFalse();
    assertThat(Checksums.uscc("91350100M00010OY43")).isFalse();
    assertThat(Checksums.usccCheck("91350100M000100Y4")).isEqualTo('3');
  }
}
