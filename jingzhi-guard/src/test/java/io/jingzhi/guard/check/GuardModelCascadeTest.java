package io.jingzhi.guard.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.GuardModel;
import io.jingzhi.guard.api.GuardModel.Opinion;
import io.jingzhi.guard.api.GuardModel.Safety;
import io.jingzhi.guard.engine.Action;
import io.jingzhi.guard.engine.Decision;
import io.jingzhi.guard.engine.GuardEngine;
import io.jingzhi.guard.engine.Match;
import io.jingzhi.guard.engine.RiskLevel;
import io.jingzhi.guard.engine.Span;
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
    return new GuardProperties.Cascade("qwen3guard", from, controversial, false);
  }

  private static GuardProperties.Cascade lifting() {
    return new GuardProperties.Cascade("qwen3guard", 0.1, false, true);
  }

  private static Match found(String type, String riskType, RiskLevel level) {
    return new Match(type, riskType, new Span(0, 4), "original", "rule", level);
  }

  /** A block the classifier made; {@code also} are the other findings. */
  private static Decision classifierBlock(String masked, Match... also) {
    List<Match> matched = new ArrayList<>(List.of(found("semantic", "A.1.4", RiskLevel.HIGH),
        found("semantic", "A.1.4", RiskLevel.NONE)));
    matched.addAll(List.of(also));
    List<String> categories = new ArrayList<>(List.of("A.1.4"));
    for (Match m : also) {
      categories.add(m.riskType());
    }
    return new Decision(Action.BLOCK, RiskLevel.HIGH, categories, masked, matched, 0, 0.9);
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
    assertThat(new GuardModelCascade(new GuardProperties.Cascade("", 0, false, true), answering(Optional.empty()))
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

  @Test
  void withLiftingASafeAnswerClearsABlockTheClassifierAloneMade() {
    var safe = answering(Optional.of(new Opinion(Safety.SAFE, List.of())));
    Decision lifted = new GuardModelCascade(lifting(), safe).apply("那个问题", classifierBlock("那个问题"));
    assertThat(lifted.action()).isEqualTo(Action.ALLOW);
    assertThat(lifted.categories()).isEmpty();
    assertThat(lifted.riskLevel()).isEqualTo(RiskLevel.NONE);
    assertThat(lifted.matched()).filteredOn(m -> m.type().equals("guard_model")).singleElement()
        .satisfies(m -> assertThat(m.level()).isEqualTo(RiskLevel.NONE));

    // personal data found in the same prompt stays masked and its type stays
    Decision withPhone = classifierBlock("电话[手机号]", found("pii", "A.4.6", RiskLevel.LOW));
    Decision masked = new GuardModelCascade(lifting(), safe).apply("电话13800138000", withPhone);
    assertThat(masked.action()).isEqualTo(Action.MASK);
    assertThat(masked.categories()).containsExactly("A.4.6");
    assertThat(masked.riskLevel()).isEqualTo(RiskLevel.LOW);
  }

  @Test
  void blocksByKeywordsOrAttacksAreNeverAskedAndLiftingIsOffByDefault() {
    var safe = answering(Optional.of(new Opinion(Safety.SAFE, List.of())));
    Decision keyword = classifierBlock("x", found("lexicon", "A.1.4", RiskLevel.HIGH));
    assertThat(new GuardModelCascade(lifting(), safe).apply("x", keyword)).isSameAs(keyword);
    Decision attack = new Decision(Action.BLOCK, RiskLevel.HIGH, List.of("A.1.4"), "x",
        classifierBlock("x").matched(), 0.4, 0.9);
    assertThat(new GuardModelCascade(lifting(), safe).apply("x", attack)).isSameAs(attack);
    Decision classifier = classifierBlock("x");
    assertThat(new GuardModelCascade(settings(0.1, false), safe).apply("x", classifier)).isSameAs(classifier);
    assertThat(asked).isEmpty();

    // only Safe lifts: a Controversial answer keeps the block
    var controversial = answering(Optional.of(new Opinion(Safety.CONTROVERSIAL, List.of())));
    Decision kept = new GuardModelCascade(lifting(), controversial).apply("x", classifier);
    assertThat(kept.action()).isEqualTo(Action.BLOCK);
    assertThat(kept.categories()).as("no category named: the block keeps its own").containsExactly("A.1.4");
  }
}
