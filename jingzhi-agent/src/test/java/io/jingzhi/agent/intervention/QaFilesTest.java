package io.jingzhi.agent.intervention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.common.error.ApiException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.dhatim.fastexcel.Workbook;
import org.junit.jupiter.api.Test;

class QaFilesTest {

  @Test
  void readsCsvWithABomAndChineseHeaders() {
    var pairs = QaFiles.read(("\uFEFF问题,答案\n社保卡怎么补办,\"带身份证, 到窗口\"\n\n医保怎么报销,线上办理\n")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(pairs).extracting(Specs.QaSpec::question).containsExactly("社保卡怎么补办", "医保怎么报销");
    assertThat(pairs.getFirst().answer()).isEqualTo("带身份证, 到窗口");
  }

  @Test
  void readsXlsx() throws Exception {
    var out = new ByteArrayOutputStream();
    try (Workbook wb = new Workbook(out, "test", "1.0")) {
      var ws = wb.newWorksheet("qa");
      ws.value(0, 0, "answer");
      ws.value(0, 1, "question");
      ws.value(1, 0, "线上办理");
      ws.value(1, 1, "医保怎么报销");
      ws.finish();
    }
    var pairs = QaFiles.read(out.toByteArray());
    assertThat(pairs).singleElement().satisfies(p -> {
      assertThat(p.question()).isEqualTo("医保怎么报销");
      assertThat(p.answer()).isEqualTo("线上办理");
    });
  }

  @Test
  void aBadRowOrFileRejectsEverythingNamingTheRow() {
    assertThatThrownBy(() -> QaFiles.read("question,answer\nq1,a1\nq2,\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ApiException.class).hasMessageContaining("row 3").hasMessageContaining("answer")
        .extracting(e -> ((ApiException) e).code()).isEqualTo("intervention.bad_row");
    assertThatThrownBy(() -> QaFiles.read("q,a\nx,y\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("question and answer");
    assertThatThrownBy(() -> QaFiles.read(new byte[] {(byte) 0xC3, 0x28, 0x0A}))
        .hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> QaFiles.read(new byte[] {'P', 'K', 3, 4, 1, 2, 3}))
        .extracting(e -> ((ApiException) e).code()).isEqualTo("intervention.bad_file");
    assertThatThrownBy(() -> QaFiles.read(new byte[0])).hasMessageContaining("empty");
  }
}
