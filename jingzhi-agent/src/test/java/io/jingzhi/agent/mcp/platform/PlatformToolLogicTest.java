package io.jingzhi.agent.mcp.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PlatformToolLogicTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  @Test
  void calculatorHonoursPrecedenceParenthesesSignsAndDecimals() {
    assertThat(Calculator.format(Calculator.evaluate("1 + 2 * 3"))).isEqualTo("7");
    assertThat(Calculator.format(Calculator.evaluate("(1 + 2) * 3"))).isEqualTo("9");
    assertThat(Calculator.format(Calculator.evaluate("0.1 + 0.2"))).isEqualTo("0.3");
    assertThat(Calculator.format(Calculator.evaluate("-2 ^ 2"))).isEqualTo("-4");
    assertThat(Calculator.format(Calculator.evaluate("(-2) ^ 2"))).isEqualTo("4");
    assertThat(Calculator.format(Calculator.evaluate("2 * -3"))).isEqualTo("-6");
    assertThat(Calculator.format(Calculator.evaluate("2 ^ 3 ^ 2"))).isEqualTo("512");
    assertThat(Calculator.format(Calculator.evaluate("10 % 4 - -1"))).isEqualTo("3");
    assertThat(Calculator.format(Calculator.evaluate("（3 × 4）÷ 8"))).isEqualTo("1.5");
    assertThat(Calculator.format(Calculator.evaluate("1 / 3"))).startsWith("0.3333333333");
    assertThat(Calculator.evaluate("2 ^ -2")).isEqualByComparingTo(new BigDecimal("0.25"));
  }

  @Test
  void calculatorRefusesWhatItCannotComputeWithAReason() {
    assertThatThrownBy(() -> Calculator.evaluate("1 / 0")).hasMessageContaining("division by zero");
    assertThatThrownBy(() -> Calculator.evaluate("1 +")).hasMessageContaining("ends too early");
    assertThatThrownBy(() -> Calculator.evaluate("(1 + 2")).hasMessageContaining("')' is missing");
    assertThatThrownBy(() -> Calculator.evaluate("Runtime.exec('x')")).hasMessageContaining("unexpected 'R'");
    assertThatThrownBy(() -> Calculator.evaluate("2 ^ 100000")).hasMessageContaining("exponents");
    assertThatThrownBy(() -> Calculator.evaluate("2 ^ 0.5")).hasMessageContaining("whole exponents");
    assertThatThrownBy(() -> Calculator.evaluate("(".repeat(100) + "1" + ")".repeat(100)))
        .hasMessageContaining("nested deeper");
    assertThatThrownBy(() -> Calculator.evaluate("1+".repeat(600) + "1")).hasMessageContaining("longer than");
    assertThatThrownBy(() -> Calculator.evaluate(" ")).hasMessageContaining("empty");
  }

  @Test
  void idCardCheckValidatesChecksumDateAndRegionWithoutRevealingAnything() {
    assertThat(IdCardCheck.check("11010519491231002X", TODAY)).isEqualTo(new IdCardCheck.Outcome(true, null));
    assertThat(IdCardCheck.check("11010519491231002x", TODAY).valid()).isTrue();
    assertThat(IdCardCheck.check("110105194912310021", TODAY).reason()).contains("check character");
    assertThat(IdCardCheck.check("11010519491331002X", TODAY).reason()).contains("birth date");
    assertThat(IdCardCheck.check("990105194912310028", TODAY).reason()).contains("region");
    assertThat(IdCardCheck.check("1101051949123100", TODAY).reason()).contains("18 characters");
    assertThat(IdCardCheck.check("11010519491231002Y", TODAY).reason()).contains("last character");
    assertThat(IdCardCheck.check("1101051949123A002X", TODAY).reason()).contains("digits");
    assertThat(IdCardCheck.check("110105203012310028", TODAY).reason()).contains("out of range");
  }

  @Test
  void workdaysCountMondayToFridayBothEndsIncludedInEitherOrder() {
    // 2026-11-02 is a Monday.
    assertThat(Workdays.between(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 6))).isEqualTo(5);
    assertThat(Workdays.between(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 8))).isEqualTo(5);
    assertThat(Workdays.between(LocalDate.of(2026, 11, 7), LocalDate.of(2026, 11, 8))).isZero();
    assertThat(Workdays.between(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 2))).isEqualTo(21);
    assertThat(Workdays.between(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31))).isEqualTo(261);
    assertThat(Workdays.between(LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 4))).isEqualTo(1);
  }
}
