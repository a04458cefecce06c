package io.jingzhi.knowledge.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jingzhi.knowledge.index.ChunkScore;
import io.jingzhi.knowledge.retrieval.ScoreFusion.Ranked;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreFusionTest {

  private static ChunkScore hit(long id, float score) {
    return new ChunkScore(1, id, score);
  }

  @Test
  void rrfRewardsAgreementAndIsNormalisedToFirstInBothLists() {
    List<ChunkScore> vector = List.of(hit(1, 0.9f), hit(2, 0.8f), hit(3, 0.7f));
    List<ChunkScore> text = List.of(hit(1, 12f), hit(3, 9f), hit(4, 3f));
    List<Ranked> fused = ScoreFusion.rrfScores(vector, text, 60, 0.5f);
    assertThat(fused).extracting(f -> f.hit().chunkId()).containsExactly(1L, 3L, 2L, 4L);
    assertThat(fused.get(0).score()).isCloseTo(1f, within(1e-6f));
    // 2 is second in one list only: (1/62) / (2/61)
    assertThat(fused.get(2).score()).isCloseTo((float) ((1.0 / 62) / (2.0 / 61)), within(1e-6f));
    assertThat(fused.get(0).parts()).containsEntry("vector", 0.9f).containsEntry("fulltext", 12f);
    assertThat(fused.get(3).parts()).containsOnlyKeys("fulltext");
  }

  @Test
  void rrfKChangesHowMuchTheFirstRanksCount() {
    List<ChunkScore> vector = List.of(hit(1, 0.9f), hit(2, 0.8f), hit(3, 0.1f));
    List<ChunkScore> text = List.of(hit(3, 10f), hit(4, 9f), hit(2, 8f));
    // 2 is ranked 2nd and 3rd, 3 is 3rd and 1st: with a small k the first place wins, with a large k it is even.
    assertThat(ScoreFusion.rrfScores(vector, text, 1, 0.5f).get(0).hit().chunkId()).isEqualTo(3L);
    List<Ranked> flat = ScoreFusion.rrfScores(vector, text, 1000, 0.5f);
    assertThat(flat.get(0).score()).isCloseTo(flat.get(1).score(), within(0.01f));
  }

  @Test
  void rrfWeightsShiftTrustBetweenTheLists() {
    List<ChunkScore> vector = List.of(hit(1, 0.9f), hit(2, 0.8f));
    List<ChunkScore> text = List.of(hit(2, 10f), hit(1, 9f));
    assertThat(ScoreFusion.rrfScores(vector, text, 60, 0.8f).get(0).hit().chunkId()).isEqualTo(1L);
    assertThat(ScoreFusion.rrfScores(vector, text, 60, 0.2f).get(0).hit().chunkId()).isEqualTo(2L);
    // absent from the full-text list, first in the vector list, w = 0.8: 0.8 of the maximum
    assertThat(ScoreFusion.rrfScores(vector, List.of(), 60, 0.8f).get(0).score()).isCloseTo(0.8f, within(1e-6f));
  }

  @Test
  void weightedMixesMinMaxScaledScores() {
    List<ChunkScore> vector = List.of(hit(1, 0.9f), hit(2, 0.8f), hit(3, 0.7f));
    List<ChunkScore> text = List.of(hit(2, 20f), hit(3, 10f), hit(4, 5f));
    List<Ranked> fused = ScoreFusion.weightedScores(vector, text, 0.7f);
    // scaled vector: 1 → 1, 2 → 0.5, 3 → 0; scaled BM25: 2 → 1, 3 → 1/3, 4 → 0
    // 1: 0.7; 2: 0.35 + 0.3 = 0.65; 3: 0.1; 4: 0
    assertThat(fused).extracting(f -> f.hit().chunkId()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(fused.get(0).score()).isCloseTo(0.7f, within(1e-6f));
    assertThat(fused.get(1).score()).isCloseTo(0.65f, within(1e-6f));
    assertThat(fused.get(2).score()).isCloseTo(0.1f, within(1e-6f));
    assertThat(fused.get(1).parts()).containsEntry("vector", 0.8f).containsEntry("fulltext", 20f);
    assertThat(ScoreFusion.weightedScores(vector, text, 0.3f).get(0).hit().chunkId()).isEqualTo(2L);
    assertThat(ScoreFusion.weightedScores(vector, List.of(), 1f).get(0).score()).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void aSingleListKeepsSimilaritiesAndMakesBm25RelativeToTheBest() {
    assertThat(ScoreFusion.singleScores(List.of(hit(1, 0.8f), hit(2, 0.6f)), "vector")).extracting(Ranked::score)
        .containsExactly(0.8f, 0.6f);
    assertThat(ScoreFusion.singleScores(List.of(hit(1, 8f), hit(2, 2f)), "fulltext")).extracting(Ranked::score)
        .containsExactly(1f, 0.25f);
  }
}
