package io.jingzhi.knowledge.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** The chunker as Spring assembles it in the server: every strategy component found and reachable by name. */
class ChunkerWiringTest {

  @Test
  void springWiresEveryStrategyIntoTheChunker() {
    try (var context = new AnnotationConfigApplicationContext("io.jingzhi.knowledge.chunk")) {
      Chunker chunker = context.getBean(Chunker.class);
      assertThat(chunker.strategyNames()).containsExactlyInAnyOrderElementsOf(
          Chunker.withBuiltInStrategies().strategyNames());
      assertThat(chunker.chunk(Samples.guide(), ChunkingSettings.defaults()))
          .allSatisfy(c -> assertThat(c.metadata()).containsEntry("item", "居民身份证换领"));
    }
  }
}
