package io.jingzhi.guard.engine.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MlpTest {

  /** Two clusters of each class on opposite corners (XOR): no linear score separates them. */
  private static float[][] xor(int n, Random random, boolean[] y) {
    float[][] x = new float[n][];
    for (int i = 0; i < n; i++) {
      boolean a = random.nextBoolean();
      boolean b = random.nextBoolean();
      y[i] = a ^ b;
      x[i] = new float[] {(a ? 1 : -1) + (float) random.nextGaussian() * 0.2f,
          (b ? 1 : -1) + (float) random.nextGaussian() * 0.2f, (float) random.nextGaussian() * 0.2f};
    }
    return x;
  }

  private static double accuracy(java.util.function.ToDoubleFunction<float[]> logit, float[][] x, boolean[] y) {
    int right = 0;
    for (int i = 0; i < x.length; i++) {
      right += logit.applyAsDouble(x[i]) >= 0 == y[i] ? 1 : 0;
    }
    return (double) right / x.length;
  }

  @Test
  void learnsWhatNoLinearScoreCanAndIsDeterministic() {
    boolean[] y = new boolean[400];
    float[][] x = xor(400, new Random(1), y);
    double[] w = new double[400];
    Arrays.fill(w, 1);
    MlpTrainer trainer = new MlpTrainer(16, 1e-4, 60, 1e-2, 32, 0.1, 5);
    Mlp mlp = trainer.fit(x, y, w);
    boolean[] testY = new boolean[200];
    float[][] test = xor(200, new Random(2), testY);
    assertThat(accuracy(mlp::logit, test, testY)).isGreaterThan(0.95);

    double[][] xd = Arrays.stream(x).map(r -> new double[] {r[0], r[1], r[2]}).toArray(double[][]::new);
    double[] linear = new LogisticTrainer(1e-4, 60, 1e-2, 32, 5).fit(xd, y, w);
    assertThat(accuracy(v -> LogisticTrainer.logit(linear, new double[] {v[0], v[1], v[2]}), test, testY))
        .isLessThan(0.75);

    Mlp again = trainer.fit(x, y, w);
    assertThat(again.w1()).containsExactly(mlp.w1());
    assertThat(again.b2()).isEqualTo(mlp.b2());
  }

  @Test
  void aSeedEnsembleIsOneWiderPerceptronScoringTheMeanLogit() {
    boolean[] y = new boolean[200];
    float[][] x = xor(200, new Random(4), y);
    double[] w = new double[200];
    Arrays.fill(w, 1);
    MlpTrainer trainer = new MlpTrainer(8, 1e-4, 20, 1e-2, 32, 0.1, 5);
    java.util.List<Mlp> members = java.util.List.of(trainer.fit(x, y, w), trainer.withSeed(6).fit(x, y, w),
        trainer.withSeed(7).fit(x, y, w));
    assertThat(members.get(1).w1()).isNotEqualTo(members.get(0).w1());
    Mlp ensemble = Mlp.average(members);
    assertThat(ensemble.hidden()).isEqualTo(24);
    for (float[] v : xor(50, new Random(8), new boolean[50])) {
      double mean = members.stream().mapToDouble(m -> m.logit(v)).average().orElseThrow();
      assertThat(ensemble.logit(v)).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void weightsPullTheBoundaryTowardsTheLightClass() {
    boolean[] y = new boolean[400];
    float[][] x = xor(400, new Random(3), y);
    double[] heavyRefuse = new double[400];
    for (int i = 0; i < 400; i++) {
      heavyRefuse[i] = y[i] ? 5 : 1;
    }
    double[] even = new double[400];
    Arrays.fill(even, 1);
    MlpTrainer trainer = new MlpTrainer(16, 1e-4, 40, 1e-2, 32, 0.1, 5);
    float[] between = {0, 1, 0}; // half way between a refuse corner (-1, 1) and an answer corner (1, 1)
    assertThat(trainer.fit(x, y, heavyRefuse).logit(between)).isGreaterThan(trainer.fit(x, y, even).logit(between));
  }

  @Test
  void aHeadScoresTheEmbeddingWithItsPerceptronAndStoresIt() throws Exception {
    SemanticHead base = FirstStageTest.model().input();
    Mlp mlp = new Mlp(2, 2, new float[] {1, 0, 0, 1}, new float[] {0, -0.5f}, new float[] {2, -3}, 0.25f);
    assertThat(mlp.logit(new float[] {0.5f, 1})).isEqualTo(2 * 0.5 - 3 * 0.5 + 0.25);
    SemanticHead head = new SemanticHead(base.ngram(), base.weights(), base.bias(), base.stackNgram(), base.stackLr(),
        base.stackKnn(), base.stackBias(), base.k(), base.block(), base.suspicious(), base.exemplars(),
        base.staticStage(), mlp);
    assertThat(head.lrLogit(new float[] {0.5f, 1})).isEqualTo(mlp.logit(new float[] {0.5f, 1}));
    assertThat(base.lrLogit(new float[] {0.5f, 1})).isNotEqualTo(head.lrLogit(new float[] {0.5f, 1}));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SemanticModel(TinyModel.NAME, "0".repeat(64), head, base).write(out);
    SemanticModel back = SemanticModel.read(new ByteArrayInputStream(out.toByteArray()));
    assertThat(back.input().mlp().w1()).containsExactly(1, 0, 0, 1);
    assertThat(back.input().mlp().b2()).isEqualTo(0.25f);
    assertThat(back.input().lrLogit(new float[] {0.5f, 1})).isEqualTo(head.lrLogit(new float[] {0.5f, 1}));
    assertThat(back.output().mlp().on()).isFalse();
  }
}
