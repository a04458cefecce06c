package io.jingzhi.knowledge.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.jingzhi.knowledge.index.ChunkScore;
import io.jingzhi.knowledge.index.IndexHit;
import io.jingzhi.knowledge.index.IndexQuery;
import io.jingzhi.knowledge.index.IndexedChunk;
import io.jingzhi.knowledge.index.KnowledgeIndex;
import io.jingzhi.knowledge.index.KnowledgeIndexContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
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
  void cosineBasesStoreUnitVectorsComparedByDotProductWithCosineScores() throws Exception {
    index.ensureBase(1, 2, "cosine");
    index.upsert(List.of(chunk(1, 1, 10, 0, "甲", new float[] {10, 0}), chunk(2, 1, 10, 1, "乙", new float[] {1, 0.5f})));
    for (boolean exact : new boolean[] {false, true}) {
      List<IndexHit> hits = index.vectorSearch(new IndexQuery(Set.of(1L), null, new float[] {3, 0}, 2, List.of(),
          exact));
      assertThat(ids(hits)).containsExactly(1L, 2L);
      assertThat(hits.get(0).score()).isCloseTo(1f, offset(1e-5f));
      assertThat(hits.get(1).score()).isCloseTo((float) (1 + 1 / Math.sqrt(1.25)) / 2, offset(1e-5f));
    }
    index.close();
    try (var reader = DirectoryReader.open(FSDirectory.open(dir.resolve("kb-1").resolve("lucene")))) {
      assertThat(FieldInfos.getMergedFieldInfos(reader).fieldInfo(ChunkDocuments.VECTOR)
          .getVectorSimilarityFunction()).isEqualTo(VectorSimilarityFunction.DOT_PRODUCT);
    }
  }

  @Test
  void aCosineBaseIndexedWithCosineVectorsKeepsThem() throws Exception {
    // A base written before cosine was stored as dot product: Lucene refuses a second similarity for a field.
    Path lucene = dir.resolve("kb-1").resolve("lucene");
    try (var writer = new IndexWriter(FSDirectory.open(lucene), new IndexWriterConfig(new ChineseAnalyzers()
        .indexing()).setCodec(new HighDimensionCodec()))) {
      writer.addDocument(ChunkDocuments.toDocument(chunk(1, 1, 10, 0, "甲", new float[] {10, 0}),
          VectorSimilarityFunction.COSINE, false));
    }
    Files.writeString(dir.resolve("kb-1").resolve("base.properties"), "dimension=2\nsimilarity=cosine\n");
    index.upsert(List.of(chunk(2, 1, 10, 1, "乙", new float[] {1, 0.5f})));
    List<IndexHit> hits = index.vectorSearch(vq(Set.of(1L), new float[] {3, 0}, 2));
    assertThat(ids(hits)).containsExactly(1L, 2L);
    assertThat(hits.get(1).score()).isCloseTo((float) (1 + 1 / Math.sqrt(1.25)) / 2, offset(1e-5f));
  }

  @Test
  void hitsOfDocumentsWrittenBeforeTheIdDocValueAreNamedFromTheStoredId() throws Exception {
    // A base written before chunk ids were also doc values: its hits read the stored id instead.
    Path lucene = dir.resolve("kb-1").resolve("lucene");
    try (var writer = new IndexWriter(FSDirectory.open(lucene), new IndexWriterConfig(new ChineseAnalyzers()
        .indexing()).setCodec(new HighDimensionCodec()))) {
      var old = ChunkDocuments.toDocument(chunk(1, 1, 10, 0, "旧的公积金条目", new float[] {1, 0}),
          VectorSimilarityFunction.DOT_PRODUCT, true);
      old.removeField(ChunkDocuments.ID_VALUE);
      writer.addDocument(old);
    }
    Files.writeString(dir.resolve("kb-1").resolve("base.properties"), "dimension=2\nsimilarity=cosine\n");
    index.upsert(List.of(chunk(2, 1, 11, 0, "新的公积金条目", new float[] {0.8f, 0.6f})));
    IndexQuery q = new IndexQuery(Set.of(1L), "公积金条目", new float[] {1, 0}, 5, List.of(), false);
    assertThat(index.vectorScores(q)).extracting(ChunkScore::chunkId).containsExactly(1L, 2L);
    assertThat(index.fullTextScores(q)).extracting(ChunkScore::chunkId).containsExactlyInAnyOrder(1L, 2L);
    assertThat(index.chunks(index.vectorScores(q))).containsOnlyKeys(1L, 2L);
  }

  @Test
  void compactMergesABaseIntoOneSegmentAndSearchesAnswerAsBefore() {
    var lucene = (LuceneKnowledgeIndex) index;
    Random r = new Random(7);
    for (int batch = 0; batch < 4; batch++) {
      List<IndexedChunk> chunks = new java.util.ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int id = batch * 50 + i + 1;
        chunks.add(chunk(id, 1, id % 7, id, "公积金提取第" + id + "号", unit(r, 8)));
      }
      index.upsert(chunks); // every write is refreshed: one segment per batch
    }
    index.deleteDocument(1, 3);
    assertThat(lucene.segments(1)).isGreaterThan(1);
    float[] q = unit(r, 8);
    List<Long> vectorBefore = ids(index.vectorSearch(vq(Set.of(1L), q, 10)));
    List<Long> textBefore = ids(index.fullTextSearch(tq(Set.of(1L), "公积金 第17号", 10)));

    index.compact(1);

    assertThat(lucene.segments(1)).isEqualTo(1);
    assertThat(index.count(1)).isEqualTo(200 - 200 / 7 - 1);
    assertThat(ids(index.vectorSearch(vq(Set.of(1L), q, 10)))).isEqualTo(vectorBefore);
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "公积金 第17号", 10)))).isEqualTo(textBefore);
    index.compact(2); // a base without an index: nothing to do
  }

  @Test
  void aBaseLeftIdleAfterWritesIsMergedInTheBackground() throws InterruptedException {
    index.close();
    var lucene = new LuceneKnowledgeIndex(dir, Duration.ofMillis(100), 1f, 1f, Duration.ofMillis(300));
    index = lucene;
    for (int i = 1; i <= 3; i++) {
      index.upsert(List.of(chunk(i, 1, 10, i, "社保卡补办" + i, new float[] {i, 1})));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (lucene.segments(1) > 1 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(lucene.segments(1)).isEqualTo(1);
    assertThat(index.count(1)).isEqualTo(3);
  }

  @Test
  void searchesSeeTheOldEntriesOfADeferredReplacementUntilTheRefresh() {
    index.upsert(List.of(chunk(1, 1, 10, 0, "社保卡申领", new float[] {1, 0})));
    index.replaceDocumentDeferred(1, 10, List.of(chunk(2, 1, 10, 0, "社保卡激活", new float[] {0, 1})));
    index.replaceDocumentDeferred(1, 11, List.of(chunk(3, 1, 11, 0, "社保卡注销", new float[] {0, 1})));
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "社保卡", 5)))).containsExactly(1L);
    index.refresh(1);
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "社保卡", 5)))).containsExactlyInAnyOrder(2L, 3L);
  }

  @Test
  void eachBaseHasItsOwnDirectoryAndDeletingTheBaseRemovesIt() {
    index.upsert(List.of(chunk(1, 4, 10, 0, "低保申请", new float[] {1, 0})));
    assertThat(Files.isDirectory(dir.resolve("kb-4"))).isTrue();
    index.deleteBase(4);
    assertThat(Files.exists(dir.resolve("kb-4"))).isFalse();
  }
}
