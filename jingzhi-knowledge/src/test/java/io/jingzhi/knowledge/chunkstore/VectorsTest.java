package io.jingzhi.knowledge.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VectorsTest {

  @Test
  void vectorsSurviveTheDatabaseBytes() {
    float[] v = {0.5f, -1.25f, Float.MIN_VALUE, 3.4e38f};
    byte[] bytes = Vectors.toBytes(v);
    assertThat(bytes).hasSize(16);
    assertThat(Vectors.fromBytes(bytes)).containsExactly(v);
    assertThat(Vectors.fromBytes(null)).isNull();
  }
}
