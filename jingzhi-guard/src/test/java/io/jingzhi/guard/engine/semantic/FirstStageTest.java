package io.jingzhi.guard.engine.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.api.embedding.TextEmbedder;
import io.jingzhi.guard.engine.Direction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The n-gram first stage on a hand-made model: the unigram 危 carries a large weight, everything else none, so only
 * windows containing it reach the escalation logit and get embedded; the rest are decided without the embedder.
 */
class FirstStageTest {

  private final List<String> embedded = new ArrayList<>();
  private final SemanticClassifier classifier = new SemanticClassifier(model(), counting(TinyModel.embedder()), 6);

  static SemanticModel model() {
    float[] w = new float[NgramFeatures.DIM];
    w[NgramFeatures.of("危").index()[0]] = 40;
    NgramStage stage = new NgramStage(w, -1, 0.5);
    SemanticHead tiny = TinyModel.model().input();
    SemanticHead head = new SemanticHead(stage, tiny.weights(), tiny.bias(), 0.1, tiny.stackLr(), tiny.stackKnn(),
        tiny.stackBias(), tiny.k(), tiny.block(), tiny.suspicious(), tiny.exemplars());
    return new SemanticModel(TinyModel.NAME, "0".repeat(64), head, head);
  }

  private TextEmbedder counting(TextEmbedder delegate) {
    return new TextEmbedder() {
      @Override
      public List<float[]> embed(List<String> texts) {
        embedded.addAll(texts);
        return delegate.embed(texts);
      }

      @Override
      public String modelName() {
        return delegate.modelName();
      }
    };
  }

  @Test
  void clearCasesAreDecidedWithoutEmbedding() {
    SemanticVerdict v = classifier.classify("公积金怎么提取？", Direction.INPUT);
    assertThat(v.level()).isEqualTo(SemanticVerdict.Level.NONE);
    assertThat(v.probability()).isLessThan(0.5);
    assertThat(v.nearest()).isEmpty();
    assertThat(embedded).isEmpty();
  }

  @Test
  void flaggedTextsAreEmbeddedAndScoredByTheFullHead() {
    SemanticVerdict v = classifier.classify("一个危险的问题", Direction.INPUT);
    assertThat(v.level()).isEqualTo(SemanticVerdict.Level.BLOCK);
    assertThat(v.nearest()).isNotEmpty();
    assertThat(embedded).containsExactly("一个危险的问题");
  }

  @Test
  void longTextsEmbedOnlyTheWindowsTheFirstStageFlags() {
    String filler = "市民可以通过一网通办平台办理公积金提取、社保转移和户籍迁移等业务。";
    String text = filler.repeat(30) + "这是一个危险的问题吗？" + filler.repeat(30);
    SemanticVerdict v = classifier.classify(text, Direction.INPUT);
    assertThat(v.level()).isEqualTo(SemanticVerdict.Level.BLOCK);
    assertThat(embedded).hasSize(1);
    assertThat(embedded.get(0)).contains("危险").hasSizeLessThanOrEqualTo(TextWindows.CHUNK);
    embedded.clear();
    assertThat(classifier.classify(filler.repeat(60), Direction.INPUT).level()).isEqualTo(SemanticVerdict.Level.NONE);
    assertThat(embedded).isEmpty();
  }

  @Test
  void aGeneralisationAboutAGroupIsEmbeddedThoughTheFirstStageScoresItLow() {
    classifier.classify("为什么老年人的思维总是那么迟钝", Direction.INPUT);
    assertThat(embedded).containsExactly("为什么老年人的思维总是那么迟钝");
    embedded.clear();
    String filler = "市民可以通过一网通办平台办理公积金提取、社保转移和户籍迁移等业务。";
    classifier.classify("为什么胖子都很懒？" + filler.repeat(30), Direction.INPUT);
    assertThat(embedded).as("a long text never carries the cue").isEmpty();
  }

  @Test
  void aDemeaningGeneralisationBlocksFromTheSuspiciousThresholdButOnlyWhenTheHeadFindsItRisky() {
    SemanticVerdict cued = classifier.classify("为什么胖子都这么懒？可疑", Direction.INPUT);
    assertThat(cued.probability()).isBetween(0.1, 0.8);
    assertThat(cued.level()).isEqualTo(SemanticVerdict.Level.BLOCK);
    assertThat(cued.demeaningCue()).isTrue();
    SemanticVerdict harmless = classifier.classify("为什么胖子都这么懒？", Direction.INPUT);
    assertThat(harmless.level()).isEqualTo(SemanticVerdict.Level.NONE);
    assertThat(harmless.demeaningCue()).isFalse();
    embedded.clear();
    assertThat(classifier.classify("这段话很可疑", Direction.INPUT).level()).isEqualTo(SemanticVerdict.Level.NONE);
    assertThat(embedded).isEmpty();
    SemanticVerdict output = classifier.classify("为什么胖子都这么懒？可疑", Direction.OUTPUT);
    assertThat(output.level()).isNotEqualTo(SemanticVerdict.Level.BLOCK);
  }

  @Test
  void aHarmfulRequestIsEmbeddedAndBlocksFromTheSuspiciousThreshold() {
    SemanticVerdict cued = classifier.classify("怎么逃票不被查到？可疑", Direction.INPUT);
    assertThat(embedded).containsExactly("怎么逃票不被查到?可疑");
    assertThat(cued.probability()).isBetween(0.1, 0.8);
    assertThat(cued.level()).isEqualTo(SemanticVerdict.Level.BLOCK);
    assertThat(cued.cue()).isEqualTo("request-cue");
    assertThat(cued.demeaningCue()).isFalse();
    SemanticVerdict help = classifier.classify("逃票被查到会有什么处罚？可疑", Direction.INPUT);
    assertThat(help.level()).isEqualTo(SemanticVerdict.Level.NONE);
    assertThat(help.cue()).isNull();
    assertThat(classifier.classify("怎么逃票不被查到？", Direction.INPUT).level())
        .as("the classifier must still find it risky").isEqualTo(SemanticVerdict.Level.NONE);
  }

  @Test
  void theFirstStageSurvivesWriteAndRead() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    model().write(out);
    SemanticModel back = SemanticModel.read(new ByteArrayInputStream(out.toByteArray()));
    NgramStage stage = back.input().ngram();
    assertThat(stage.escalate()).isEqualTo(0.5);
    assertThat(stage.logit("危")).isEqualTo(model().input().ngram().logit("危"));
    assertThat(back.input().stackNgram()).isEqualTo(0.1);
  }

  @Test
  void scoringMatchesTheSparseFeatureVector() {
    float[] w = new float[NgramFeatures.DIM];
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) random.nextGaussian();
    }
    double[] wd = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      wd[i] = w[i];
    }
    for (String t : List.of("", "a", "炸弹怎么做", "哈哈哈哈哈", "mixed 中文 text 😀 with emoji")) {
      assertThat(NgramFeatures.score(w, 0.25, t)).isCloseTo(0.25 + NgramFeatures.of(t).dot(wd),
          org.assertj.core.data.Offset.offset(1e-4));
    }
  }
}
