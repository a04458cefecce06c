package io.jingzhi.agent.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FuzzyScoreTest {

  @Test
  void substringInTheNameBeatsTagsBeatsDescriptionAndCaseIsIgnored() {
    double name = FuzzyScore.score("http", "HTTP 请求", "调用接口", List.of());
    double tag = FuzzyScore.score("rest", "接口调用", "调用外部服务", List.of("REST"));
    double description = FuzzyScore.score("外部", "接口调用", "调用外部服务", List.of());
    assertThat(name).isGreaterThan(tag);
    assertThat(tag).isGreaterThan(description);
    assertThat(description).isPositive();
    assertThat(FuzzyScore.score("HTTP 请求", "HTTP 请求", "", List.of())).isGreaterThan(name);
  }

  @Test
  void bigramsFindChineseWordsInAnotherOrderAndIgnoreUnrelatedText() {
    assertThat(FuzzyScore.score("身份证校验", "id_card_check", "校验18位居民身份证号码", List.of())).isPositive();
    assertThat(FuzzyScore.score("天气预报", "id_card_check", "校验18位居民身份证号码", List.of())).isZero();
    assertThat(FuzzyScore.score("", "x", "", List.of())).isEqualTo(1);
  }
}
