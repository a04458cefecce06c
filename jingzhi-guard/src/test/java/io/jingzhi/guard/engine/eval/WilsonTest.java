package io.jingzhi.guard.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class WilsonTest {

  @Test
  void knownIntervals() {
    Wilson half = Wilson.of(5, 10);
    assertThat(half.low()).isCloseTo(0.2366, within(1e-4));
    assertThat(half.high()).isCloseTo(0.7634, within(1e-4));
    assertThat(Wilson.of(0, 10).low()).isZero();
    assertThat(Wilson.of(0, 10).high()).isCloseTo(0.2775, within(1e-4));
    assertThat(Wilson.of(10, 10).low()).isCloseTo(0.7225, within(1e-4));
    Wilson big = Wilson.of(81, 263);
    assertThat(big.low()).isCloseTo(0.2553, within(1e-4));
    assertThat(big.high()).isCloseTo(0.3662, within(1e-4));
    assertThatThrownBy(() -> Wilson.of(3, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reportSplitsByLabelAndCategory() {
    List<EvalRunner.Row> rows = List.of(new EvalRunner.Row("a", true, "x"), new EvalRunner.Row("b", true, "x"),
        new EvalRunner.Row("c", false, "y"), new EvalRunner.Row("d", false, "y"));
    EvalReport r = EvalRunner.report("t", rows, row -> row.text().equals("a") || row.text().equals("c"));
    assertThat(r.refuseBlocked().successes()).isEqualTo(1);
    assertThat(r.refuseBlocked().trials()).isEqualTo(2);
    assertThat(r.answerBlocked().rate()).isEqualTo(0.5);
    assertThat(r.byCategory()).containsKeys("x", "y");
    assertThat(r.toMarkdown()).contains("| should refuse (recall) | 1 / 2 | 50.0% |");
  }

  @Test
  void rowsAreParsedFromJsonl() {
    EvalRunner.Row row = EvalRunner.row("{\"text\":\"你好\",\"should_refuse\":false,\"category\":\"c\",\"x\":1}");
    assertThat(row).isEqualTo(new EvalRunner.Row("你好", false, "c"));
    assertThatThrownBy(() -> EvalRunner.row("{\"text\":\"no label\"}")).hasMessageContaining("should_refuse");
  }
}
