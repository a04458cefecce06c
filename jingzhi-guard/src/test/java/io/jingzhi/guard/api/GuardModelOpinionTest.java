package io.jingzhi.guard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.api.GuardModel.Opinion;
import io.jingzhi.guard.api.GuardModel.Safety;
import org.junit.jupiter.api.Test;

/** Reading a Qwen3Guard-style answer: the label decides; anything without a known label is no opinion. */
class GuardModelOpinionTest {

  @Test
  void qwen3GuardAnswersAreRead() {
    assertThat(Opinion.parse("Safety: Unsafe\nCategories: Violent")).contains(
        new Opinion(Safety.UNSAFE, java.util.List.of("Violent")));
    assertThat(Opinion.parse("Safety: Safe\nCategories: None")).contains(new Opinion(Safety.SAFE, java.util.List.of()));
    assertThat(Opinion.parse("Safety: Controversial\r\nCategories: Politically Sensitive Topics, Jailbreak"))
        .contains(new Opinion(Safety.CONTROVERSIAL, java.util.List.of("Politically Sensitive Topics", "Jailbreak")));
    assertThat(Opinion.parse("  safety：UNSAFE  \n categories：暴力、色情")).contains(
        new Opinion(Safety.UNSAFE, java.util.List.of("暴力", "色情")));
  }

  @Test
  void anAnswerWithoutAKnownLabelIsNoOpinion() {
    assertThat(Opinion.parse(null)).isEmpty();
    assertThat(Opinion.parse("京智模拟输出：这是一段用于测试的文本。")).isEmpty();
    assertThat(Opinion.parse("Safety: maybe\nCategories: Violent")).isEmpty();
    assertThat(Opinion.parse("Categories: Violent")).isEmpty();
  }
}
