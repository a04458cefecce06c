package io.jingzhi.agent.intervention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.common.error.ApiException;
import org.junit.jupiter.api.Test;

class SpecsTest {

  static String field(Runnable r) {
    try {
      r.run();
    } catch (ApiException e) {
      return e.fieldErrors().getFirst().field();
    }
    throw new AssertionError("no problem reported");
  }

  @Test
  void eachBadFieldIsNamed() {
    assertThat(field(() -> new Specs.QaSpec(" ", "a", null).validated(""))).isEqualTo("question");
    assertThat(field(() -> new Specs.QaSpec("？！", "a", null).validated(""))).isEqualTo("question");
    assertThat(field(() -> new Specs.QaSpec("q", "x".repeat(20_001), null).validated(""))).isEqualTo("answer");
    assertThat(field(() -> new Specs.RuleSpec("n", "regex", "(", "r", null, null).validated())).isEqualTo("pattern");
    assertThat(field(() -> new Specs.RuleSpec("n", "glob", "a", "r", null, null).validated())).isEqualTo("match");
    assertThat(field(() -> new Specs.RuleSpec("n", null, "a", "r", -1, null).validated())).isEqualTo("priority");
    assertThat(field(() -> new Specs.RuleSpec(null, null, "a", "r", null, null).validated())).isEqualTo("name");
    assertThat(field(() -> new Specs.SettingsSpec(null, 1.5).merged(InterventionSettings.DEFAULTS)))
        .isEqualTo("threshold");
    assertThat(field(() -> new Specs.FeedbackSpec("meh", null, null).validated())).isEqualTo("rating");
  }

  @Test
  void defaultsAndMergesFillTheGaps() {
    var rule = new Specs.RuleSpec("投诉", null, "投诉,举报", "请拨打 12345", null, null).validated();
    assertThat(rule.match()).isEqualTo("keyword");
    assertThat(rule.priority()).isEqualTo(100);
    assertThat(rule.enabled()).isTrue();
    assertThat(new Specs.SettingsSpec(false, null).merged(InterventionSettings.DEFAULTS))
        .isEqualTo(new InterventionSettings(false, 0.9));
    var feedback = new Specs.FeedbackSpec("down", " ", "正确答案").validated();
    assertThat(feedback.comment()).isNull();
    assertThat(feedback.correctedAnswer()).isEqualTo("正确答案");
    assertThatThrownBy(() -> new Specs.QaSpec("q", null, null).validated("rows[2].")).isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).fieldErrors().getFirst().field()).isEqualTo("rows[2].answer");
  }
}
