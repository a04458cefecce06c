package io.jingzhi.guard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.engine.lexicon.LexiconStore;
import io.jingzhi.guard.engine.lexicon.StarterLexicon;
import io.jingzhi.guard.engine.pii.CustomRule;
import io.jingzhi.guard.engine.pii.CustomRuleStore;
import io.jingzhi.guard.engine.pii.MaskStrategy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantCustomRulesTest {

  private final CustomRuleStore rules = new CustomRuleStore();
  private final GuardEngine engine = GuardEngine.withDefaults(new LexiconStore(StarterLexicon.load()),
      "engine-test-salt-0123".getBytes(StandardCharsets.UTF_8), rules);

  private Decision check(String text, String tenant) {
    return engine.check(new CheckRequest(text, Direction.INPUT, List.of(), tenant));
  }

  @Test
  void aTenantsRulesMaskOnlyThatTenantsTextsWithTheRulesOwnLabelAndStrategy() {
    rules.swap("7", List.of(CustomRule.literal("project", "天穹计划").masking("项目代号", MaskStrategy.TOKEN),
        CustomRule.regex("staff", "JZ-\\d{6}").masking(null, MaskStrategy.FULL)));
    Decision seven = check("天穹计划的负责人工号JZ-123456", "7");
    assertThat(seven.action()).isEqualTo(Action.MASK);
    assertThat(seven.maskedText()).isEqualTo("[项目代号]的负责人工号*********");
    assertThat(seven.categories()).contains(GuardEngine.PERSONAL_INFORMATION);
    assertThat(seven.matched()).anySatisfy(m -> assertThat(m.rule()).isEqualTo("project"));

    assertThat(check("天穹计划的负责人工号JZ-123456", "8").action()).isEqualTo(Action.ALLOW);
    assertThat(check("天穹计划的负责人工号JZ-123456", null).action()).isEqualTo(Action.ALLOW);
  }

  @Test
  void builtInDetectorsKeepTheDefaultStrategyNextToCustomRules() {
    rules.swap("7", List.of(CustomRule.literal("project", "天穹计划").masking("项目代号", MaskStrategy.TOKEN)));
    Decision d = check("天穹计划联系人手机13800138000", "7");
    assertThat(d.maskedText()).startsWith("[项目代号]联系人手机").doesNotContain("13800138000").contains("8000");
  }

  @Test
  void swappingAnEmptySetRemovesTheTenantsRules() {
    rules.swap("7", List.of(CustomRule.literal("project", "天穹计划")));
    rules.swap("7", List.of());
    assertThat(rules.rules("7")).isEmpty();
    assertThat(check("天穹计划", "7").action()).isEqualTo(Action.ALLOW);
  }
}
