package io.jingzhi.agent.intervention;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.iam.api.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InterventionsTest {

  static final Caller CALLER = new Caller(7, "u", "u", 3, 3, Set.of(), Set.of(), Caller.AuthType.USER, null, null,
      null, null, false);

  InterventionSettings settings = InterventionSettings.DEFAULTS;
  final List<QaMatcher.Entry> pairs = new ArrayList<>();
  final List<Rule> rules = new ArrayList<>();
  final List<String> hits = new ArrayList<>();
  final List<String> embedded = new ArrayList<>();

  final InterventionRepository repository = new InterventionRepository(null) {
    @Override
    InterventionSettings settings(long appId) {
      return settings;
    }

    @Override
    List<Rule> rules(long appId) {
      return rules;
    }

    @Override
    void pairHit(long id) {
      hits.add("qa" + id);
    }

    @Override
    void ruleHit(long id) {
      hits.add("rule" + id);
    }
  };
  final QaIndex index = new QaIndex(repository, null, null, "bge-small-zh-v1.5") {
    @Override
    List<QaMatcher.Entry> entries(Caller caller, long appId) {
      return pairs;
    }

    @Override
    float[] embed(Caller caller, String query) {
      embedded.add(query);
      return query.contains("补") ? new float[] {1, 0.1f} : new float[] {0, 1};
    }
  };
  final Interventions interventions = new Interventions(repository, index);

  static Rule rule(long id, String kind, String pattern, int priority, boolean enabled) {
    return new Rule(id, "r" + id, kind, pattern, "规则回复" + id, priority, enabled, 0, Instant.EPOCH, Instant.EPOCH);
  }

  @Test
  void anExactPairBeatsRulesAndRulesBeatSimilarPairs() {
    pairs.add(new QaMatcher.Entry(1, Texts.normalize("社保卡怎么补办"), "带身份证到窗口", new float[] {1, 0}));
    rules.add(rule(5, "keyword", "社保卡", 1, true));

    var exact = interventions.before(CALLER, 9, "社保卡怎么补办？");
    assertThat(exact).hasValueSatisfying(i -> {
      assertThat(i.kind()).isEqualTo("qa");
      assertThat(i.answer()).isEqualTo("带身份证到窗口");
    });
    assertThat(embedded).isEmpty();

    var byRule = interventions.before(CALLER, 9, "社保卡补领");
    assertThat(byRule).hasValueSatisfying(i -> assertThat(i.kind() + i.id()).isEqualTo("rule5"));
    assertThat(embedded).as("a rule matched first").isEmpty();

    rules.clear();
    var similar = interventions.before(CALLER, 9, "社保卡补领");
    assertThat(similar).hasValueSatisfying(i -> {
      assertThat(i.kind()).isEqualTo("qa");
      assertThat(i.similarity()).isGreaterThan(0.9);
    });
    assertThat(hits).containsExactly("qa1", "rule5", "qa1");
  }

  @Test
  void belowTheThresholdDisabledRulesAndADisabledAppNothingApplies() {
    pairs.add(new QaMatcher.Entry(1, Texts.normalize("社保卡怎么补办"), "a", new float[] {1, 0}));
    rules.add(rule(5, "keyword", "医保", 1, false));
    assertThat(interventions.before(CALLER, 9, "医保怎么报销")).isEmpty();

    settings = new InterventionSettings(true, 0.999);
    assertThat(interventions.before(CALLER, 9, "社保卡补领")).isEmpty();

    settings = new InterventionSettings(false, 0.5);
    assertThat(interventions.before(CALLER, 9, "社保卡怎么补办")).isEmpty();
    assertThat(interventions.before(CALLER, 9, "  ")).isEmpty();
    assertThat(hits).isEmpty();
  }

  @Test
  void aStoredRuleThatNoLongerCompilesIsSkipped() {
    rules.add(rule(1, "regex", "([", 1, true));
    rules.add(rule(2, "keyword", "投诉", 2, true));
    assertThat(interventions.before(CALLER, 9, "我要投诉")).hasValueSatisfying(i -> assertThat(i.id()).isEqualTo(2));
  }
}
