package io.jingzhi.guard.answer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimilarityTest {

  private static double dice(String a, String b) {
    return Similarity.dice(Similarity.grams(a), Similarity.grams(b));
  }

  @Test
  void rewordedQuestionsStayAboveTheDefaultThresholdAndUnrelatedOnesFarBelow() {
    assertThat(dice("如何评价台湾独立问题？", "如何评价台湾独立问题")).isEqualTo(1.0);
    assertThat(dice("怎么看待台湾独立问题", "如何看待台湾独立的问题？")).isGreaterThanOrEqualTo(0.6);
    assertThat(dice("如何看待臺灣獨立問題", "如何看待台湾独立问题")).as("traditional characters").isEqualTo(1.0);
    assertThat(dice("社保卡丢了怎么补办", "如何看待台湾独立问题")).isLessThan(0.2);
    assertThat(dice("", "问题")).isZero();
  }

  @Test
  void cosineOfNormalisedVectorsIsTheirDotProduct() {
    assertThat(Similarity.cosine(new float[] {1, 0}, new float[] {1, 0})).isEqualTo(1.0);
    assertThat(Similarity.cosine(new float[] {1, 0}, new float[] {0, 1})).isZero();
    assertThat(Similarity.cosine(new float[] {1, 0}, new float[] {1, 0, 0})).as("other model").isZero();
  }
}
