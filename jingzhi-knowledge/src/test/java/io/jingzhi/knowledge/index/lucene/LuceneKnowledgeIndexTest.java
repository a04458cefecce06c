package io.jingzhi.knowledge.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.index.IndexedChunk;
import io.jingzhi.knowledge.index.KnowledgeIndex;
import io.jingzhi.knowledge.index.KnowledgeIndexContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The embedded Lucene index against the backend contract, plus what is Lucene's own: the files on disk. */
class LuceneKnowledgeIndexTest extends KnowledgeIndexContractTest {

  @Override
  protected KnowledgeIndex newIndex(Path dir) {
    return new LuceneKnowledgeIndex(dir, Duration.ofSeconds(1));
  }

  @Test
  void chunksSettingsAndDisabledFlagsSurviveAReopen() {
    index.ensureBase(1, 2, "l2");
    index.upsert(List.of(chunk(1, 1, 10, 0, "残疾人证办理", new float[] {1, 0}),
        chunk(2, 1, 10, 1, "残疾人补贴", new float[] {0, 1})));
    index.setEnabled(1, 2, false);
    index.close();

    index = newIndex(dir);
    assertThat(index.count(1)).isEqualTo(2);
    assertThat(index.get(1, 2)).get().extracting(IndexedChunk::enabled).isEqualTo(false);
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "残疾人", 5)))).containsExactly(1L);
    // the base is still l2: a 3-dimensional declaration is refused, the 2-dimensional l2 one accepted
    index.ensureBase(1, 2, "l2");
  }

  @Test
  void eachBaseHasItsOwnDirectoryAndDeletingTheBaseRemovesIt() {
    index.upsert(List.of(chunk(1, 4, 10, 0, "低保申请", new float[] {1, 0})));
    assertThat(Files.isDirectory(dir.resolve("kb-4"))).isTrue();
    index.deleteBase(4);
    assertThat(Files.exists(dir.resolve("kb-4"))).isFalse();
  }
}
