package io.jingzhi.guard.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvalDatasetTest {

  private static List<EvalItem> parse(String text, int max) {
    return EvalDataset.parse(text.getBytes(StandardCharsets.UTF_8), max);
  }

  @Test
  void readsRowsWithTheirLineNumbersSkippingBlankLinesAndTheByteOrderMark() {
    List<EvalItem> items = parse("\uFEFF{\"text\":\"甲\",\"should_refuse\":true,\"category\":\" 暴力 \"}\r\n\r\n"
        + "{\"text\":\"乙\",\"should_refuse\":false,\"extra\":1}\n", 10);
    assertThat(items).containsExactly(new EvalItem(1, "甲", true, "暴力"), new EvalItem(3, "乙", false, "(none)"));
  }

  @Test
  void everyBadLineIsNamedWithWhatIsWrong() {
    String text = String.join("\n", "{\"text\":\"ok\",\"should_refuse\":true}", "not json", "{\"text\":\"\","
        + "\"should_refuse\":true}", "{\"text\":\"x\",\"should_refuse\":1}", "{\"text\":\"x\",\"should_refuse\":true,"
        + "\"category\":5}");
    assertThatThrownBy(() -> parse(text, 10)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.code()).isEqualTo("guard_eval.bad_dataset");
      assertThat(e.fieldErrors()).extracting(FieldError::field).containsExactly("line 2", "line 3", "line 4",
          "line 5");
      assertThat(e.fieldErrors().get(0).message()).isEqualTo("not valid JSON");
      assertThat(e.getMessage()).startsWith("4 line(s) are not valid rows; the first is line 2");
    });
  }

  @Test
  void reportsAtMostTwentyBadLinesButCountsAll() {
    String text = "x\n".repeat(30);
    assertThatThrownBy(() -> parse(text, 100)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.fieldErrors()).hasSize(20);
      assertThat(e.getMessage()).startsWith("30 line(s)");
    });
  }

  @Test
  void refusesInvalidUtf8EmptyFilesAndTooManyRows() {
    assertThatThrownBy(() -> EvalDataset.parse(new byte[] {'{', (byte) 0xC3, '}'}, 10))
        .hasMessageContaining("not valid UTF-8");
    assertThatThrownBy(() -> parse("\n  \n", 10)).hasMessageContaining("no rows");
    assertThatThrownBy(() -> parse("{\"text\":\"a\",\"should_refuse\":true}\n".repeat(3), 2))
        .hasMessageContaining("more than 2 rows");
  }
}
