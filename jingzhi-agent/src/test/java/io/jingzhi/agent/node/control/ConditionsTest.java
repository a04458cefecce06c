package io.jingzhi.agent.node.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  @Test
  void numbersCompareByValueAndTextAsText() {
    assertThat(Conditions.test(75L, "ge", "60")).isTrue();
    assertThat(Conditions.test("9", "gt", 10)).isFalse();
    assertThat(Conditions.test(3.0, "equals", 3L)).isTrue();
    assertThat(Conditions.test("abc", "lt", 1)).as("not a number: no order").isFalse();
    assertThat(Conditions.test("abc", "le", 1)).isFalse();
    assertThat(Conditions.test("社保", "equals", "社保")).isTrue();
    assertThat(Conditions.test("社保", "not_equals", "医保")).isTrue();
  }

  @Test
  void textListAndMapOperators() {
    assertThat(Conditions.test("灵活就业养老保险", "contains", "养老")).isTrue();
    assertThat(Conditions.test(List.of("a", 2L), "contains", "2")).isTrue();
    assertThat(Conditions.test(Map.of("k", 1), "contains", "k")).isTrue();
    assertThat(Conditions.test("abc", "not_contains", "z")).isTrue();
    assertThat(Conditions.test("abc", "starts_with", "ab")).isTrue();
    assertThat(Conditions.test("abc", "ends_with", "bc")).isTrue();
    assertThat(Conditions.test(null, "starts_with", "")).isFalse();
    assertThat(Conditions.test("b", "in", List.of("a", "b"))).isTrue();
    assertThat(Conditions.test("b", "in", "a，b, c")).isTrue();
    assertThat(Conditions.test("d", "not_in", "a,b")).isTrue();
  }

  @Test
  void emptinessAndTruth() {
    assertThat(Conditions.test(null, "empty", null)).isTrue();
    assertThat(Conditions.test(" ", "empty", null)).isTrue();
    assertThat(Conditions.test(List.of(), "empty", null)).isTrue();
    assertThat(Conditions.test(List.of(1), "not_empty", null)).isTrue();
    assertThat(Conditions.test(true, "is_true", null)).isTrue();
    assertThat(Conditions.test("TRUE", "is_true", null)).isTrue();
    assertThat(Conditions.test("false", "is_false", null)).isTrue();
    assertThat(Conditions.test(null, "is_false", null)).isFalse();
  }
}
