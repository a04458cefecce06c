package io.jingzhi.guard.engine.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.guard.engine.GuardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomRuleTest {

  @ParameterizedTest
  @ValueSource(strings = {"(a+)+b", "(\\w+\\s?)+$", "((ab)*c)+", "(x{2,})+", "(?:[a-z]+\\d)+", "(a|b+){1,100}"})
  void nestedRepetitionIsRejectedWithTheReason(String regex) {
    assertThatThrownBy(() -> CustomRule.regex("slow", regex)).isInstanceOf(GuardException.class)
        .hasMessageContaining("exponential time").hasMessageContaining("near index");
  }

  @ParameterizedTest
  @ValueSource(strings = {"JZ-\\d{6}", "(项目|工程)代号[A-Z]{2}\\d+", "[(+)]+x", "\\(a+\\)+", "(ab|cd){2}\\d+",
      "[a-z]+@corp\\.cn"})
  void ordinaryExpressionsAreAccepted(String regex) {
    assertThat(CustomRule.regex("ok", regex).name()).isEqualTo("ok");
  }

  @Test
  void overlongPatternsAreRejected() {
    assertThatThrownBy(() -> CustomRule.regex("long", "a".repeat(CustomRule.MAX_PATTERN_CHARS + 1)))
        .hasMessageContaining("longer than " + CustomRule.MAX_PATTERN_CHARS);
    assertThatThrownBy(() -> CustomRule.literal("long", "a".repeat(CustomRule.MAX_PATTERN_CHARS + 1)))
        .hasMessageContaining("longer than");
  }

  @Test
  void aSlowExpressionThatSlipsThroughGivesUpInsteadOfStallingTheCheck() {
    // Alternation with overlap backtracks exponentially without nested quantifiers, so the syntax check lets it
    // pass; the read budget stops it and the scan returns what it had.
    CustomRule rule = CustomRule.regex("overlap", "(a|aa)+b");
    String text = "a".repeat(60);
    assertThat(rule.detect(text)).isEmpty();
    assertThat(CustomRule.regex("fine", "a{3}b").detect("xxaaab")).singleElement()
        .satisfies(m -> assertThat(m.value()).isEqualTo("aaab"));
  }

  @Test
  void aLongRunOfARepeatedGroupDoesNotOverflowTheStack() {
    // java.util.regex recurses once per repetition of a group with an alternation: thousands of them overflow.
    assertThat(CustomRule.regex("deep", "(a|aa)+b").detect("a".repeat(5000))).isEmpty();
    assertThat(CustomRule.regex("number", "NO\\.(?:\\d|-)+").detect("单据 NO." + "1-".repeat(3000) + " 结束"))
        .isNotNull();
    assertThat(CustomRule.regex("number", "NO\\.(?:\\d|-)+").detect("单据 NO.12-34 结束")).singleElement()
        .satisfies(m -> assertThat(m.value()).isEqualTo("NO.12-34"));
  }

  @Test
  void aRuleCarriesItsOwnLabelAndStrategy() {
    CustomRule rule = CustomRule.literal("project", "天穹计划").masking(" 项目代号 ", MaskStrategy.TOKEN);
    assertThat(rule.label()).isEqualTo("项目代号");
    assertThat(rule.strategy()).isEqualTo(MaskStrategy.TOKEN);
    assertThat(CustomRule.literal("p", "x").masking("", null).label()).isNull();
  }
}
