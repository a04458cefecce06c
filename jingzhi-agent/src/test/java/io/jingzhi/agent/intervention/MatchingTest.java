package io.jingzhi.agent.intervention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchingTest {

  static QaMatcher.Entry entry(long id, String question, float... vector) {
    return new QaMatcher.Entry(id, Texts.normalize(question), "答" + id, vector.length == 0 ? null : vector);
  }

  @Test
  void normalizationIgnoresCaseWidthSpacesAndPunctuation() {
    assertThat(Texts.normalize("  社保卡 怎么补办？")).isEqualTo(Texts.normalize("社保卡怎么补办"));
    assertThat(Texts.normalize("ＡＰＰ怎么下载!")).isEqualTo("app怎么下载");
    assertThat(Texts.normalize("“医保”，报销。")).isEqualTo("医保报销");
    assertThat(Texts.normalize("？？")).isEmpty();
  }

  @Test
  void anExactNormalizedMatchAnswersWithoutEmbedding() {
    var entries = List.of(entry(1, "社保卡怎么补办", 1, 0), entry(2, "医保怎么报销", 0, 1));
    assertThat(QaMatcher.exact(entries, "社保卡 怎么补办?")).hasValueSatisfying(m -> {
      assertThat(m.id()).isEqualTo(1);
      assertThat(m.similarity()).isEqualTo(1.0);
    });
    assertThat(QaMatcher.exact(entries, "社保卡丢了")).isEmpty();
    assertThat(QaMatcher.exact(entries, "？")).isEmpty();
  }

  @Test
  void theMostSimilarPairAboveTheThresholdAnswers() {
    var entries = List.of(entry(1, "a", 1, 0), entry(2, "b", 0.8f, 0.6f), entry(3, "c", 0, 1));
    List<String> embedded = new ArrayList<>();
    var match = QaMatcher.similar(entries, "q", 0.7, q -> {
      embedded.add(q);
      return new float[] {0.9f, 0.436f};
    });
    assertThat(embedded).containsExactly("q");
    assertThat(match).hasValueSatisfying(m -> {
      assertThat(m.id()).isEqualTo(2); // cos ≈ 0.98, better than entry 1 (≈ 0.9)
      assertThat(m.similarity()).isGreaterThan(0.97).isLessThan(0.99);
    });
    assertThat(QaMatcher.similar(entries, "q", 0.995, q -> new float[] {0.9f, 0.436f})).isEmpty();
  }

  @Test
  void withoutVectorsOrAQueryVectorNothingIsSimilar() {
    List<String> embedded = new ArrayList<>();
    assertThat(QaMatcher.similar(List.of(entry(1, "a")), "q", 0.1, q -> {
      embedded.add(q);
      return new float[] {1, 0};
    })).isEmpty();
    assertThat(embedded).as("no vectors: the query is not embedded").isEmpty();
    assertThat(QaMatcher.similar(List.of(entry(1, "a", 1, 0)), "q", 0.1, q -> null)).isEmpty();
  }

  @Test
  void rulesMatchKeywordsOrRegexInPriorityOrder() {
    var rules = List.of(
        RuleMatcher.compile(1, 100, "keyword", "投诉, 举报，信访", "请拨打 12345"),
        RuleMatcher.compile(2, 10, "regex", "^\\d{11}$", "请勿发送手机号"),
        RuleMatcher.compile(3, 10, "keyword", "12345", "12345 热线"),
        RuleMatcher.compile(4, 5, "keyword", "ＶＩＰ", "贵宾"));
    assertThat(RuleMatcher.first(rules, "我要举报噪音")).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo(1));
    assertThat(RuleMatcher.first(rules, "13800012345")).as("priority 10, id 2 before id 3")
        .hasValueSatisfying(r -> assertThat(r.id()).isEqualTo(2));
    assertThat(RuleMatcher.first(rules, "打12345")).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo(3));
    assertThat(RuleMatcher.first(rules, "vip 通道")).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo(4));
    assertThat(RuleMatcher.first(rules, "社保卡怎么补办")).isEmpty();
    assertThat(RuleMatcher.first(rules, " ")).isEmpty();
  }

  @Test
  void invalidRulesAreRefusedAndACatastrophicRegexGivesUp() {
    assertThatThrownBy(() -> RuleMatcher.compile(1, 1, "regex", "([a-z", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regular expression");
    assertThatThrownBy(() -> RuleMatcher.compile(1, 1, "keyword", " , ，", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RuleMatcher.compile(1, 1, "fuzzy", "a", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    var evil = RuleMatcher.compile(1, 1, "regex", "^(a+)+$", "x");
    var fallback = RuleMatcher.compile(2, 2, "keyword", "a", "y");
    assertThat(RuleMatcher.first(List.of(evil, fallback), "a".repeat(40) + "!"))
        .hasValueSatisfying(r -> assertThat(r.id()).isEqualTo(2));
  }
}
