package io.jingzhi.guard.engine.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.engine.Direction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The stance features, and the stance stage's storage and share of an escalated window's score. */
class StanceStageTest {

  @Test
  void featuresMarkTheCueGroupsOfAWindow() {
    float[] asking = StanceFeatures.of("收到假币了怎么办？怎样辨别真假人民币？");
    float[] method = StanceFeatures.of("教我怎么把假币花出去又不被发现。");
    assertThat(asking[0]).isEqualTo(1); // help
    assertThat(asking[1]).isEqualTo(1); // prevention / recognition
    assertThat(asking[5] + asking[6]).isZero();
    assertThat(method[5]).isEqualTo(1); // evading detection
    assertThat(method[6]).isEqualTo(1); // instruction
    assertThat(method[0] + method[1]).isZero();
    assertThat(StanceFeatures.of("今天天气怎么样")).containsOnly(0f);
    assertThat(StanceFeatures.of("")).hasSize(StanceFeatures.DIM);
  }

  @Test
  void theStanceStageIsStoredAndMovesTheScoreOfEscalatedWindowsByItsContribution() throws Exception {
    SemanticHead base = TinyModel.model().input();
    float[] w = new float[StanceFeatures.DIM];
    w[5] = 1.5f; // evading detection raises the score
    StaticStage stance = new StaticStage(w, -0.25, 2);
    SemanticHead head = new SemanticHead(base.ngram(), base.weights(), base.bias(), base.stackNgram(), base.stackLr(),
        base.stackKnn(), base.stackBias(), base.k(), base.block(), base.suspicious(), base.exemplars(),
        StaticStage.OFF, stance);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SemanticModel(TinyModel.NAME, "0".repeat(64), head, head).write(out);
    SemanticModel back = SemanticModel.read(new ByteArrayInputStream(out.toByteArray()));
    assertThat(back.input().stanceStage().weights()).containsExactly(w);
    assertThat(back.input().stanceStage().stack()).isEqualTo(2);

    SemanticClassifier with = new SemanticClassifier(back, TinyModel.embedder(), 6);
    SemanticClassifier without = new SemanticClassifier(TinyModel.model(), TinyModel.embedder(), 6);
    double p1 = with.classify("一个危险的问题，偷偷做", Direction.INPUT).probability();
    double p0 = without.classify("一个危险的问题，偷偷做", Direction.INPUT).probability();
    assertThat(logit(p1) - logit(p0)).isCloseTo(2 * (1.5 - 0.25), Offset.offset(1e-6));
    double q1 = with.classify("一个危险的问题", Direction.INPUT).probability();
    double q0 = without.classify("一个危险的问题", Direction.INPUT).probability();
    assertThat(logit(q1) - logit(q0)).isCloseTo(2 * -0.25, Offset.offset(1e-6));
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }
}
