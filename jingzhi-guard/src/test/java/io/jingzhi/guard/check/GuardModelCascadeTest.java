package io.jingzhi.guard.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.GuardModel;
import io.jingzhi.guard.api.GuardModel.Opinion;
import io.jingzhi.guard.api.GuardModel.Safety;
import io.jingzhi.guard.engine.Action;
import io.jingzhi.guard.engine.Decision;
import io.jingzhi.guard.engine.GuardEngine;
import io.jingzhi.guard.engine.RiskLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which prompts go to the guard model, and what its answer does to the engine's decision. */
class GuardModelCascadeTest {

  private final List<String> asked = new ArrayList<>();

  private GuardModel answering(Optional<Opinion> opinion) {
    return text -> {
      asked.add(text);
      return opinion;
    };
  }

  private static Decision engine(Action action, double probability) {
    return new Decision(action, action == Action.BLOCK ? RiskLevel.HIGH : RiskLevel.NONE,
        action == Action.BLOCK ? List.of("A.1.4") : List.of(), "masked", List.of(), 0, probability);
  }

  private static GuardProperties.Cascade settings(double from, boolean controversial) {
    return new GuardProperties.Cascade("qwen3guard", from, controversial);
  }

  @Test
  void anUnsafeAnswerBlocksAnUncertainPromptWithTheMappedRiskTypeAndAFinding() {
    var cascade = new GuardModelCascade(settings(0.1, false),
        answering(Optional.of(new Opinion(Safety.UNSAFE, List.of("Violent")))));
    Decision d = cascade.apply("怎么做一个炸弹", engine(Action.ALLOW, 0.4));

    assertThat(asked).containsExactly("怎么做一个炸弹");
    assertThat(d.action()).isEqualTo(Action.BLOCK);
    assertThat(d.riskLevel()).isEqualTo(RiskLevel.HIGH);
    assertThat(d.categories()).containsExactly("A.1.6");
    assertThat(d.matched()).singleElement().satisfies(m -> {
      assertThat(m.type()).isEqualTo("guard_model");
      assertThat(m.rule()).isEqualTo("model=qwen3guard unsafe Violent");
    });
    assertThat(d.maskedText()).isEqualTo("masked");
  }

  @Test
  void aSafeAnswerLeavesTheDecisionButIsRecorded() {
    var cascade = new GuardModelCascade(settings(0.1, false), answering(Optional.of(new Opinion(Safety.SAFE,
        List.of()))));
    Decision d = cascade.apply("今天天气如何", engine(Action.MASK, 0.2));
    assertThat(d.action()).isEqualTo(Action.MASK);
    assertThat(d.matched()).singleElement().satisfies(m -> {
      assertThat(m.type()).isEqualTo("guard_model");
      assertThat(m.level()).isEqualTo(RiskLevel.NONE);
    });
  }

  @Test
  void onlyUncertainPromptsTheRulesLetThroughAreAsked() {
    var cascade = new GuardModelCascade(settings(0.1, false),
        answering(Optional.of(new Opinion(Safety.UNSAFE, List.of()))));
    Decision blocked = engine(Action.BLOCK, Decision.NOT_CLASSIFIED);
    Decision clear = engine(Action.ALLOW, 0.05);
    Decision unclassified = engine(Action.ALLOW, Decision.NOT_CLASSIFIED);

    assertThat(cascade.apply("a", blocked)).isSameAs(blocked); // never lifts nor re-asks a block
    assertThat(cascade.apply("b", clear)).isSameAs(clear); // under the band
    assertThat(cascade.apply("c", unclassified)).isSameAs(unclassified);
    assertThat(asked).isEmpty();
    assertThat(new GuardModelCascade(new GuardProperties.Cascade("", 0, false), answering(Optional.empty()))
        .asks(engine(Action.ALLOW, 0.9))).isFalse(); // no model configured
  }

  @Test
  void noAnswerKeepsTheEngineDecisionAndControversialBlocksOnlyWhenConfigured() {
    Decision uncertain = engine(Action.ALLOW, 0.3);
    assertThat(new GuardModelCascade(settings(0.1, false), answering(Optional.empty())).apply("x", uncertain))
        .isSameAs(uncertain);
    GuardModel controversial = answering(Optional.of(new Opinion(Safety.CONTROVERSIAL, List.of("Jailbreak"))));
    assertThat(new GuardModelCascade(settings(0.1, false), controversial).apply("x", uncertain).action())
        .isEqualTo(Action.ALLOW);
    Decision blocked = new GuardModelCascade(settings(0.1, true), controversial).apply("x", uncertain);
    assertThat(blocked.action()).isEqualTo(Action.BLOCK);
    assertThat(blocked.categories()).containsExactly(GuardEngine.PROMPT_ATTACK);
  }
}
