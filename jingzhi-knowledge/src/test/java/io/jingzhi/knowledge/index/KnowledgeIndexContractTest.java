package io.jingzhi.knowledge.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.knowledge.KnowledgeException;
import io.jingzhi.knowledge.index.IndexQuery.MetadataFilter;
import io.jingzhi.knowledge.index.IndexQuery.Phrase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every knowledge index backend must do (the embedded Lucene index, a scale-out backend later): each backend's
 * test extends this class and says how to make a fresh index.
 */
public abstract class KnowledgeIndexContractTest {

  @TempDir
  protected Path dir;
  protected KnowledgeIndex index;

  /** A new, empty index of the backend under test (may use {@code dir}). */
  protected abstract KnowledgeIndex newIndex(Path dir);

  @BeforeEach
  void open() {
    index = newIndex(dir);
  }

  @AfterEach
  void close() {
    index.close();
  }

  protected static IndexedChunk chunk(long id, long kb, long doc, int ordinal, String text, float[] vector) {
    return chunk(id, kb, doc, ordinal, text, vector, Map.of());
  }

  protected static IndexedChunk chunk(long id, long kb, long doc, int ordinal, String text, float[] vector,
      Map<String, String> metadata) {
    return new IndexedChunk(id, kb, doc, 7, ordinal, text, text, vector, metadata, List.of(), null, true, true,
        List.of("第一章 总则"));
  }

  protected static IndexQuery vq(Set<Long> kbs, float[] v, int k, MetadataFilter... filters) {
    return new IndexQuery(kbs, null, v, k, List.of(filters), false);
  }

  protected static IndexQuery tq(Set<Long> kbs, String text, int k, MetadataFilter... filters) {
    return new IndexQuery(kbs, text, null, k, List.of(filters), false);
  }

  protected static List<Long> ids(List<IndexHit> hits) {
    return hits.stream().map(h -> h.chunk().chunkId()).toList();
  }

  protected static float[] unit(Random r, int dim) {
    float[] v = new float[dim];
    double n = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) r.nextGaussian();
      n += v[i] * v[i];
    }
    for (int i = 0; i < dim; i++) {
      v[i] /= (float) Math.sqrt(n);
    }
    return v;
  }

  @Test
  void aWriteIsVisibleToTheNextSearchAndUpsertReplacesByChunkId() {
    index.upsert(List.of(chunk(1, 1, 10, 0, "住房公积金提取办法", new float[] {1, 0, 0})));
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "公积金", 5)))).containsExactly(1L);

    index.upsert(List.of(chunk(1, 1, 10, 0, "居民身份证挂失补领", new float[] {0, 1, 0})));
    assertThat(index.count(1)).isEqualTo(1);
    assertThat(index.fullTextSearch(tq(Set.of(1L), "公积金", 5))).isEmpty();
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "身份证", 5)))).containsExactly(1L);
    IndexedChunk back = index.get(1, 1).orElseThrow();
    assertThat(back.text()).isEqualTo("居民身份证挂失补领");
    assertThat(back.headingPath()).containsExactly("第一章 总则");
    assertThat(back.tenantId()).isEqualTo(7);
  }

  @Test
  void deletingADocumentRemovesItsChunksAndNothingElse() {
    index.upsert(List.of(chunk(1, 1, 10, 0, "社保卡申领", new float[] {1, 0}),
        chunk(2, 1, 10, 1, "社保卡挂失", new float[] {1, 0.1f}), chunk(3, 1, 11, 0, "社保卡补换", new float[] {1, 0.2f})));
    index.deleteDocument(1, 10);
    assertThat(index.count(1)).isEqualTo(1);
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "社保卡", 5)))).containsExactly(3L);
    assertThat(ids(index.vectorSearch(vq(Set.of(1L), new float[] {1, 0}, 5)))).containsExactly(3L);
  }

  @Test
  void replacingADocumentSwapsItsChunksAndLeavesTheOthers() {
    index.upsert(List.of(chunk(1, 1, 10, 0, "社保卡申领", new float[] {1, 0}),
        chunk(2, 1, 10, 1, "社保卡挂失", new float[] {1, 0.1f}), chunk(3, 1, 11, 0, "社保卡补换", new float[] {1, 0.2f})));
    index.replaceDocument(1, 10, List.of(chunk(4, 1, 10, 0, "社保卡激活", new float[] {0, 1})));
    assertThat(index.count(1)).isEqualTo(2);
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "社保卡", 5)))).containsExactlyInAnyOrder(3L, 4L);
    assertThat(ids(index.vectorSearch(vq(Set.of(1L), new float[] {0, 1}, 1)))).containsExactly(4L);
    // A chunk of another document or base is refused before anything is written.
    assertThatThrownBy(() -> index.replaceDocument(1, 10, List.of(chunk(5, 1, 11, 0, "居住证", new float[] {1, 0}))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(index.count(1)).isEqualTo(2);
    index.replaceDocument(1, 10, List.of());
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "社保卡", 5)))).containsExactly(3L);
  }

  @Test
  void aDeferredReplacementIsSearchableAfterTheRefresh() {
    index.upsert(List.of(chunk(1, 1, 10, 0, "社保卡申领", new float[] {1, 0}),
        chunk(3, 1, 11, 0, "社保卡补换", new float[] {1, 0.2f})));
    index.replaceDocumentDeferred(1, 10, List.of(chunk(4, 1, 10, 0, "社保卡激活", new float[] {0, 1})));
    index.replaceDocumentDeferred(1, 12, List.of(chunk(5, 1, 12, 0, "社保卡注销", new float[] {0.5f, 1})));
    assertThatThrownBy(() -> index.replaceDocumentDeferred(1, 10,
        List.of(chunk(6, 1, 11, 0, "居住证", new float[] {1, 0})))).isInstanceOf(IllegalArgumentException.class);
    index.refresh(1);
    index.refresh(99);
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "社保卡", 5)))).containsExactlyInAnyOrder(3L, 4L, 5L);
    assertThat(ids(index.vectorSearch(vq(Set.of(1L), new float[] {0, 1}, 1)))).containsExactly(4L);
  }

  @Test
  void deletingABaseEmptiesItLeavesOthersAndTheBaseCanBeReused() {
    index.upsert(List.of(chunk(1, 1, 10, 0, "营业执照办理", new float[] {1, 0}),
        chunk(2, 2, 20, 0, "营业执照变更", new float[] {1, 0})));
    index.deleteBase(1);
    assertThat(index.count(1)).isZero();
    assertThat(index.fullTextSearch(tq(Set.of(1L, 2L), "营业执照", 5))).extracting(h -> h.chunk().chunkId())
        .containsExactly(2L);
    index.ensureBase(1, 3, "l2"); // another dimension after delete: a rebuild with a new embedding model
    index.upsert(List.of(chunk(5, 1, 10, 0, "营业执照注销", new float[] {0, 0, 1})));
    assertThat(ids(index.vectorSearch(vq(Set.of(1L), new float[] {0, 0, 1}, 5)))).containsExactly(5L);
  }

  @Test
  void disabledAndNonSearchableChunksNeverMatchButCanBeRead() {
    IndexedChunk parent = new IndexedChunk(9, 1, 10, 7, 0, "不动产登记 父块", null, new float[] {1, 0}, Map.of(),
        List.of(), null, true, false);
    index.upsert(List.of(parent, chunk(1, 1, 10, 1, "不动产登记 子块", new float[] {1, 0})));
    index.setEnabled(1, 1, false);
    assertThat(index.fullTextSearch(tq(Set.of(1L), "不动产登记", 5))).isEmpty();
    assertThat(index.vectorSearch(vq(Set.of(1L), new float[] {1, 0}, 5))).isEmpty();
    assertThat(index.vectorSearch(new IndexQuery(Set.of(1L), null, new float[] {1, 0}, 5, List.of(), true)))
        .isEmpty();
    assertThat(index.get(1, 1).orElseThrow().enabled()).isFalse();
    assertThat(index.get(1, 9).orElseThrow().searchable()).isFalse();

    index.setEnabled(1, 1, true);
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "不动产登记", 5)))).containsExactly(1L);
    assertThat(index.get(1, 1).orElseThrow().enabled()).isTrue();
  }

  @Test
  void aChunkDisabledInABaseOfSearchableEnabledChunksStopsMatchingAtOnce() {
    // Written in two batches (two segments in Lucene); no parent, nothing disabled until the setEnabled below.
    index.upsert(List.of(chunk(1, 1, 10, 0, "社会保障卡 申领", new float[] {1, 0})));
    index.upsert(List.of(chunk(2, 1, 11, 0, "社会保障卡 挂失", new float[] {0.9f, 0.1f})));
    IndexQuery exact = new IndexQuery(Set.of(1L), null, new float[] {1, 0}, 5, List.of(), true);
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "社会保障卡", 5)))).containsExactlyInAnyOrder(1L, 2L);

    index.setEnabled(1, 1, false);
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "社会保障卡", 5)))).containsExactly(2L);
    assertThat(ids(index.vectorSearch(vq(Set.of(1L), new float[] {1, 0}, 5)))).containsExactly(2L);
    assertThat(ids(index.vectorSearch(exact))).containsExactly(2L);
    assertThat(index.fullTextScores(tq(Set.of(1L), "社会保障卡", 5))).extracting(ChunkScore::chunkId)
        .containsExactly(2L);

    index.setEnabled(1, 1, true);
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "社会保障卡", 5)))).containsExactlyInAnyOrder(1L, 2L);
    assertThat(ids(index.vectorSearch(vq(Set.of(1L), new float[] {1, 0}, 5)))).containsExactly(1L, 2L);
    assertThat(ids(index.vectorSearch(exact))).containsExactly(1L, 2L);
  }

  @Test
  void aFilterIsAppliedInsideTheVectorSearchSoFewMatchingChunksAreAllFound() {
    Random r = new Random(1);
    float[] query = unit(r, 16);
    List<IndexedChunk> chunks = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // 297 chunks right next to the query, 3 rare ones (domain 医保) far from it: post-filtering the top 10 would
      // find none of them.
      boolean rare = i % 100 == 0;
      float[] v = rare ? unit(r, 16) : query.clone();
      if (!rare) {
        v[i % 16] += 0.01f * (i % 7);
      }
      chunks.add(chunk(i + 1, 1, i, 0, "chunk " + i, v, Map.of("domain", rare ? "医保" : "社保")));
    }
    index.upsert(chunks);
    assertThat(ids(index.vectorSearch(vq(Set.of(1L), query, 10, MetadataFilter.in("domain", "医保")))))
        .containsExactlyInAnyOrder(1L, 101L, 201L);
  }

  @Test
  void metadataFiltersEqualInDateRangeTagsAndNumbers() {
    index.upsert(List.of(
        new IndexedChunk(1, 1, 10, 7, 0, "公积金政策一", null, new float[] {1, 0},
            Map.of("issuing_unit", "市住建委", "effective_date", "2023-01-01", "year", "2023"), List.of("公积金"),
            null, true, true),
        new IndexedChunk(2, 1, 11, 7, 0, "公积金政策二", null, new float[] {1, 0.1f},
            Map.of("issuing_unit", "市人社局", "effective_date", "2024-06-30", "year", "2024"), List.of("社保"),
            null, true, true),
        new IndexedChunk(3, 1, 12, 7, 0, "公积金政策三", null, new float[] {1, 0.2f},
            Map.of("issuing_unit", "市医保局", "effective_date", "2025-03-15", "year", "2025"), List.of(),
            null, true, true)));
    Set<Long> kb = Set.of(1L);
    assertThat(ids(index.fullTextSearch(tq(kb, "公积金", 5, MetadataFilter.in("issuing_unit", "市人社局")))))
        .containsExactly(2L);
    assertThat(ids(index.fullTextSearch(tq(kb, "公积金", 5, MetadataFilter.in("issuing_unit", "市人社局", "市医保局")))))
        .containsExactlyInAnyOrder(2L, 3L);
    assertThat(ids(index.vectorSearch(vq(kb, new float[] {1, 0}, 5,
        MetadataFilter.range("effective_date", "2024-01-01", "2024-12-31"))))).containsExactly(2L);
    assertThat(ids(index.vectorSearch(vq(kb, new float[] {1, 0}, 5,
        MetadataFilter.range("effective_date", "2024-06-30", null))))).containsExactlyInAnyOrder(2L, 3L);
    assertThat(ids(index.fullTextSearch(tq(kb, "公积金", 5, MetadataFilter.in("tags", "公积金"))))).containsExactly(1L);
    assertThat(ids(index.fullTextSearch(tq(kb, "公积金", 5, MetadataFilter.range("year", null, "2023")))))
        .containsExactly(1L);
    assertThatThrownBy(() -> index.fullTextSearch(tq(kb, "公积金", 5, MetadataFilter.range("effective_date",
        "2024-01-01", "soon")))).isInstanceOf(KnowledgeException.class);
  }

  @Test
  void basesAreIsolatedAndASearchOverSeveralSeesExactlyThose() {
    index.upsert(List.of(chunk(1, 1, 10, 0, "出生医学证明", new float[] {1, 0}),
        chunk(2, 2, 20, 0, "出生登记", new float[] {1, 0}), chunk(3, 3, 30, 0, "出生证明补办", new float[] {1, 0})));
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "出生", 10)))).containsExactly(1L);
    assertThat(ids(index.vectorSearch(vq(Set.of(2L), new float[] {1, 0}, 10)))).containsExactly(2L);
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L, 3L), "出生", 10)))).containsExactlyInAnyOrder(1L, 3L);
    assertThat(ids(index.vectorSearch(vq(Set.of(1L, 2L), new float[] {1, 0}, 10))))
        .containsExactlyInAnyOrder(1L, 2L);
    assertThat(index.fullTextSearch(tq(Set.of(99L), "出生", 10))).isEmpty();
    assertThat(index.get(2, 1)).isEmpty();
  }

  @Test
  void scoresNameTheSameHitsAsTheSearchesAndChunksReadsThemBack() {
    Random r = new Random(3);
    List<IndexedChunk> chunks = new ArrayList<>();
    String[] words = {"住房", "公积金", "提取", "贷款", "社保", "养老", "医疗", "就业"};
    for (int i = 1; i <= 60; i++) {
      String text = words[i % 8] + words[(i * 3) % 8] + "办理第" + i + "项";
      chunks.add(chunk(i, i % 2 == 0 ? 1 : 2, 100 + i, i, text, unit(r, 8)));
    }
    index.upsert(chunks);
    IndexQuery q = new IndexQuery(Set.of(1L, 2L), "公积金提取贷款", unit(r, 8), 12, List.of(), false);
    List<IndexHit> vector = index.vectorSearch(q);
    List<IndexHit> text = index.fullTextSearch(q);
    assertThat(text).isNotEmpty();
    assertThat(index.vectorScores(q)).containsExactlyElementsOf(vector.stream()
        .map(h -> new ChunkScore(h.chunk().kbId(), h.chunk().chunkId(), h.score())).toList());
    assertThat(index.fullTextScores(q)).containsExactlyElementsOf(text.stream()
        .map(h -> new ChunkScore(h.chunk().kbId(), h.chunk().chunkId(), h.score())).toList());

    List<ChunkScore> wanted = List.of(new ChunkScore(2, 7, 1f), new ChunkScore(1, 4, 1f),
        new ChunkScore(1, 999, 1f), new ChunkScore(1, 7, 1f));
    var read = index.chunks(wanted);
    // 999 does not exist; chunk 7 lives in base 2, so asking for it in base 1 finds nothing there.
    assertThat(read).containsOnlyKeys(7L, 4L);
    assertThat(read.get(7L).kbId()).isEqualTo(2L);
    assertThat(read.get(7L).text()).isEqualTo(chunks.get(6).text());
    assertThat(read.get(4L).headingPath()).containsExactly("第一章 总则");

    // Deleted or disabled since the search: left out.
    index.setEnabled(2, 7, false);
    index.deleteDocument(1, 104);
    assertThat(index.chunks(wanted)).isEmpty();
  }

  @Test
  void exactAndHnswAgreeOnASmallSet() {
    // Small and low-dimensional: HNSW finds the true neighbours here (on large random sets it may miss a few).
    Random r = new Random(7);
    List<IndexedChunk> chunks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      chunks.add(chunk(i + 1, 1, i, 0, "c" + i, unit(r, 8)));
    }
    index.upsert(chunks);
    for (int q = 0; q < 5; q++) {
      float[] v = unit(r, 8);
      List<IndexHit> hnsw = index.vectorSearch(vq(Set.of(1L), v, 10));
      List<IndexHit> exact = index.vectorSearch(new IndexQuery(Set.of(1L), null, v, 10, List.of(), true));
      assertThat(ids(hnsw)).isEqualTo(ids(exact));
      assertThat(hnsw.get(0).score()).isCloseTo(exact.get(0).score(), org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void dimensionsTwoAnd4096() {
    index.ensureBase(1, 2, "cosine");
    index.ensureBase(2, 4096, "cosine");
    Random r = new Random(3);
    float[] big = unit(r, 4096);
    index.upsert(List.of(chunk(1, 1, 1, 0, "two", new float[] {0.6f, 0.8f}), chunk(2, 2, 2, 0, "big", big),
        chunk(3, 2, 2, 1, "big2", unit(r, 4096))));
    assertThat(ids(index.vectorSearch(vq(Set.of(1L), new float[] {0.6f, 0.8f}, 3)))).containsExactly(1L);
    List<IndexHit> hits = index.vectorSearch(vq(Set.of(2L), big, 1));
    assertThat(ids(hits)).containsExactly(2L);
    assertThat(hits.get(0).score()).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
    assertThatThrownBy(() -> index.ensureBase(3, 4097, "cosine")).isInstanceOf(KnowledgeException.class);
    assertThatThrownBy(() -> index.ensureBase(3, 1, "cosine")).isInstanceOf(KnowledgeException.class);
    assertThatThrownBy(() -> index.ensureBase(3, 8, "manhattan")).isInstanceOf(KnowledgeException.class);
  }

  @Test
  void eachSimilarityRanksByItsOwnMeasure() {
    // Query (1,0): a = (10,0) points the same way but is far; b = (1,0.5) is close but at an angle.
    index.ensureBase(1, 2, "cosine");
    index.ensureBase(2, 2, "l2");
    index.ensureBase(3, 2, "dot_product");
    index.upsert(List.of(chunk(1, 1, 1, 0, "a", new float[] {10, 0}), chunk(2, 1, 1, 1, "b", new float[] {1, 0.5f}),
        chunk(3, 2, 1, 0, "a", new float[] {10, 0}), chunk(4, 2, 1, 1, "b", new float[] {1, 0.5f}),
        chunk(5, 3, 1, 0, "x", new float[] {0.6f, 0.8f}), chunk(6, 3, 1, 1, "y", new float[] {0.8f, 0.6f})));
    assertThat(ids(index.vectorSearch(vq(Set.of(1L), new float[] {1, 0}, 2)))).containsExactly(1L, 2L);
    assertThat(ids(index.vectorSearch(vq(Set.of(2L), new float[] {1, 0}, 2)))).containsExactly(4L, 3L);
    List<IndexHit> dot = index.vectorSearch(vq(Set.of(3L), new float[] {1, 0}, 2));
    assertThat(ids(dot)).containsExactly(6L, 5L);
    assertThat(dot.get(0).score()).isCloseTo((1 + 0.8f) / 2, org.assertj.core.data.Offset.offset(1e-5f));
  }

  @Test
  void aSearchOverBasesOfDifferentSimilaritiesRanksByTheirScores() {
    index.ensureBase(1, 2, "cosine");
    index.ensureBase(2, 2, "l2");
    index.upsert(List.of(chunk(1, 1, 1, 0, "a", new float[] {10, 0}), chunk(2, 1, 1, 1, "b", new float[] {1, 0.5f}),
        chunk(3, 2, 1, 0, "a", new float[] {10, 0}), chunk(4, 2, 1, 1, "b", new float[] {1, 0.5f})));
    // cosine: a 1.0, b (1 + 0.894) / 2 = 0.947; l2: b 1 / (1 + 0.25) = 0.8, a 1 / (1 + 81) = 0.012
    List<IndexHit> hits = index.vectorSearch(vq(Set.of(1L, 2L), new float[] {1, 0}, 3));
    assertThat(ids(hits)).containsExactly(1L, 2L, 4L);
    assertThat(hits.get(2).score()).isCloseTo(0.8f, org.assertj.core.data.Offset.offset(1e-5f));
  }

  @Test
  void changingTheVectorSettingsOfABaseWithChunksIsRefusedAndABadBatchWritesNothing() {
    index.ensureBase(1, 2, "cosine");
    index.ensureBase(1, 2, "cosine"); // idempotent
    index.upsert(List.of(chunk(1, 1, 1, 0, "户口迁移", new float[] {1, 0})));
    assertThatThrownBy(() -> index.ensureBase(1, 3, "cosine")).isInstanceOfSatisfying(KnowledgeException.class,
        e -> assertThat(e.status().value()).isEqualTo(409));
    assertThatThrownBy(() -> index.upsert(List.of(chunk(2, 1, 1, 1, "户口迁入", new float[] {1, 0}),
        chunk(3, 1, 1, 2, "户口迁出", new float[] {1, 0, 0})))).isInstanceOf(KnowledgeException.class);
    assertThat(index.count(1)).isEqualTo(1);
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "户口", 5)))).containsExactly(1L);
  }

  @Test
  void rangeAndGetReturnNeighboursInOrder() {
    List<IndexedChunk> chunks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      chunks.add(chunk(100 + i, 1, 10, i, "第" + i + "条", new float[] {1, i}));
    }
    chunks.add(chunk(200, 1, 11, 3, "其他文件", new float[] {1, 0}));
    index.upsert(chunks);
    assertThat(index.range(1, 10, 3, 5)).extracting(IndexedChunk::chunkId).containsExactly(103L, 104L, 105L);
    assertThat(index.range(1, 10, -2, 0)).extracting(IndexedChunk::ordinal).containsExactly(0);
    assertThat(index.range(1, 10, 9, 12)).extracting(IndexedChunk::ordinal).containsExactly(9);
    assertThat(index.get(1, 105)).get().extracting(IndexedChunk::text).isEqualTo("第5条");
    assertThat(index.get(1, 999)).isEmpty();
    assertThat(index.range(2, 10, 0, 10)).isEmpty();
  }

  @Test
  void chineseFullTextAndDictionaryPhrasesAddedAfterIndexing() {
    index.upsert(List.of(chunk(1, 1, 1, 0, "推进一网通办改革，企业开办全程网上办理", null),
        chunk(2, 1, 2, 0, "一次办好，网上申请通过后办理", null),
        chunk(3, 1, 3, 0, "医疗保险参保登记", null)));
    // Without the dictionary the words of 一网通办 are scattered over both chunks.
    List<IndexHit> plain = index.fullTextSearch(tq(Set.of(1L), "一网通办", 5));
    assertThat(ids(plain)).contains(1L, 2L);
    // The term (added to a dictionary after indexing) is matched whole: only the chunk that has it ranks first and
    // by a clear margin.
    List<IndexHit> whole = index.fullTextSearch(new IndexQuery(Set.of(1L), "一网通办", null, 5, List.of(), false,
        List.of(new Phrase("一网通办", 1f))));
    assertThat(whole.get(0).chunk().chunkId()).isEqualTo(1L);
    assertThat(whole.get(0).score()).isGreaterThan(2 * whole.get(1).score());
    assertThat(ids(index.fullTextSearch(tq(Set.of(1L), "参保", 5)))).containsExactly(3L);
  }
}
