package io.jingzhi.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogSearchTest {

  private static int score(String q, String name) {
    return CatalogSearch.score(q, name, "code-x", "一段描述", List.of("人社"));
  }

  @Test
  void exactBeforeLeadingBeforeContainedBeforeDescriptionBeforeSubsequence() {
    int exact = score("人社政策助手", "人社政策助手");
    int leading = score("人社", "人社政策助手");
    int inside = score("政策", "人社政策助手");
    int description = CatalogSearch.score("描述", "人社政策助手", "c", "一段描述", List.of());
    int subsequence = score("人社助手", "人社政策助手");
    assertThat(exact).isGreaterThan(leading);
    assertThat(leading).isGreaterThan(inside);
    assertThat(inside).isGreaterThan(description);
    assertThat(description).isGreaterThan(subsequence);
    assertThat(subsequence).isPositive();
  }

  @Test
  void everyWordMustMatchAndCaseDoesNotMatter() {
    assertThat(CatalogSearch.score("RSJ assistant", "RSJ Assistant", "rsj-assistant", null, null)).isPositive();
    assertThat(CatalogSearch.score("rsj missing", "RSJ Assistant", "rsj-assistant", null, null)).isZero();
    assertThat(score("热线", "人社政策助手")).isZero();
    assertThat(score("人", "人社政策助手")).as("one character: substring only").isPositive();
    assertThat(CatalogSearch.subsequence("社x", "人社政策")).isFalse();
  }

  @Test
  void tagsCount() {
    assertThat(CatalogSearch.score("人社", "助手", "c", null, List.of("人社")))
        .isGreaterThan(CatalogSearch.score("人社", "助手", "c", "人社", List.of()));
  }
}
