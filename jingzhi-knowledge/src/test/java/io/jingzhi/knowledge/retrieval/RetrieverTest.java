package io.jingzhi.knowledge.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.knowledge.KnowledgeException;
import io.jingzhi.knowledge.index.ChunkScore;
import io.jingzhi.knowledge.index.IndexHit;
import io.jingzhi.knowledge.index.IndexQuery;
import io.jingzhi.knowledge.index.IndexQuery.MetadataFilter;
import io.jingzhi.knowledge.index.KnowledgeIndex;
import io.jingzhi.knowledge.index.IndexedChunk;
import io.jingzhi.knowledge.index.lucene.LuceneKnowledgeIndex;
import io.jingzhi.knowledge.retrieval.QueryDictionary.Entry;
import io.jingzhi.knowledge.retrieval.QueryDictionary.Entry.Kind;
import io.jingzhi.knowledge.retrieval.RetrievalRequest.Context;
import io.jingzhi.knowledge.retrieval.RetrievalRequest.Fusion;
import io.jingzhi.knowledge.retrieval.RetrievalRequest.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrieval engine over a real Lucene index. Vectors are 2-dimensional and chosen by hand, so the vector list
 * and the full-text list disagree in known ways (the embedding model is the gateway's business, not this test's).
 */
class RetrieverTest {

  @TempDir
  Path dir;
  LuceneKnowledgeIndex index;
  Retriever retriever;

  /** Every query embeds to (1, 0): chunk 1 is the vector favourite, chunk 2 the full-text one. */
  static final RetrievalRequest.QueryEmbedder EMBED = text -> new float[] {1, 0};

  @BeforeEach
  void setUp() {
    index = new LuceneKnowledgeIndex(dir, Duration.ofSeconds(30));
    index.ensureBase(1, 2, "cosine");
    List<IndexedChunk> chunks = new ArrayList<>();
    chunks.add(chunk(1, 10, 1, "购房可以申请使用贷款", new float[] {1, 0}, Map.of("domain", "住房")));
    chunks.add(chunk(2, 20, 0, "住房公积金提取需要提供购房合同", new float[] {0, 1}, Map.of("domain", "公积金")));
    chunks.add(chunk(3, 10, 0, "第一条 为规范住房管理", new float[] {0.7f, 0.7f}, Map.of("domain", "住房")));
    chunks.add(chunk(4, 10, 2, "第三条 本办法自发布之日起施行", new float[] {-1, 0}, Map.of("domain", "住房")));
    chunks.add(new IndexedChunk(5, 1, 10, 1, 9, "整章：购房贷款与住房管理", null, new float[] {1, 0}, Map.of(),
        List.of(), null, true, false));
    index.upsert(chunks);
    retriever = new Retriever(index);
  }

  @AfterEach
  void tearDown() {
    index.close();
  }

  private static IndexedChunk chunk(long id, long doc, int ordinal, String text, float[] v, Map<String, String> m) {
    return new IndexedChunk(id, 1, doc, 1, ordinal, text, null, v, m, List.of(), id == 1 ? 5L : null, true, true,
        List.of("第二章 住房"));
  }

  private RetrievalRequest request(String query) {
    return RetrievalRequest.of(Set.of(1L), query, 3, EMBED);
  }

  @Test
  void eachModeRanksByItsOwnList() {
    assertThat(ids(retriever.retrieve(request("公积金提取").withMode(Mode.VECTOR)))).startsWith(1L);
    assertThat(ids(retriever.retrieve(request("公积金提取").withMode(Mode.FULLTEXT)))).containsExactly(2L);
    RetrievalResult hybrid = retriever.retrieve(request("公积金提取"));
    assertThat(ids(hybrid)).contains(1L, 2L);
    assertThat(hybrid.mode()).isEqualTo("hybrid");
    RetrievedChunk two = hybrid.chunks().stream().filter(c -> c.id() == 2).findFirst().orElseThrow();
    assertThat(two.scores()).containsKeys("vector", "fulltext");
    assertThat(two.headingPath()).containsExactly("第二章 住房");
    assertThat(two.highlight()).contains("<em>").contains("公积金");
    assertThat(two.metadata()).containsEntry("domain", "公积金");
  }

  @Test
  void theThresholdAppliesToTheFusedScoreNotToARawListScore() {
    // RRF: chunk 2 is first in full text and third in vectors (0.98); chunk 1 is first in vectors only (0.5).
    RetrievalRequest r = request("公积金提取").withFusion(Fusion.rrf(60));
    List<RetrievedChunk> all = retriever.retrieve(r).chunks();
    assertThat(all).extracting(RetrievedChunk::id).containsExactly(2L, 1L, 3L);
    assertThat(all.get(1).scores().get("vector")).isEqualTo(1f); // its raw similarity would pass 0.6
    assertThat(all.get(1).score()).isCloseTo(0.5f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(ids(retriever.retrieve(r.withThreshold(0.6f)))).containsExactly(2L);
    float second = all.get(1).score();
    assertThat(ids(retriever.retrieve(r.withThreshold(second)))).containsExactly(2L, 1L);
  }

  @Test
  void theThresholdAppliesAfterRerankToTheRerankScore() {
    RetrievalRequest.Reranker prefersOrdinalZero = (q, texts) -> texts.stream()
        .map(t -> t.startsWith("第一条") ? 0.9f : 0.1f).toList();
    RetrievalResult r = retriever.retrieve(request("住房").withReranker(prefersOrdinalZero).withThreshold(0.5f));
    assertThat(ids(r)).containsExactly(3L);
    assertThat(r.chunks().get(0).score()).isEqualTo(0.9f);
    assertThat(r.chunks().get(0).scores()).containsKeys("rerank", "fused");
    RetrievalRequest.Reranker broken = (q, texts) -> List.of(1f);
    assertThatThrownBy(() -> retriever.retrieve(request("住房").withReranker(broken)))
        .isInstanceOf(KnowledgeException.class).hasMessageContaining("rerank");
  }

  @Test
  void contextBringsNeighboursInOrderAndTheParent() {
    RetrievalResult r = retriever.retrieve(request("贷款").withMode(Mode.FULLTEXT)
        .withContext(new Context(1, true)));
    RetrievedChunk hit = r.chunks().get(0);
    assertThat(hit.id()).isEqualTo(1L);
    assertThat(hit.context()).extracting(RetrievedChunk.ContextChunk::id).containsExactly(5L, 3L, 4L);
    assertThat(hit.context()).extracting(RetrievedChunk.ContextChunk::relation)
        .containsExactly("parent", "before", "after");
  }

  @Test
  void dictionaryExpansionFindsWhatTheUsersWordsMiss() {
    QueryDictionary dict = new QueryDictionary(List.of(new Entry("置业", Kind.ESCAPE, List.of("购房"))));
    assertThat(retriever.retrieve(request("置业").withMode(Mode.FULLTEXT)).chunks()).isEmpty();
    RetrievalResult r = retriever.retrieve(request("置业").withMode(Mode.FULLTEXT).withDictionary(dict));
    assertThat(r.expandedQuery()).isEqualTo("置业 购房");
    assertThat(ids(r)).contains(1L, 2L);
    assertThat(r.chunks().get(0).highlight()).contains("<em>购房</em>");
  }

  @Test
  void filtersAndBadRequests() {
    RetrievalRequest r = request("住房").withFilters(List.of(MetadataFilter.in("domain", "公积金")));
    assertThat(ids(retriever.retrieve(r))).containsExactly(2L);
    assertThatThrownBy(() -> RetrievalRequest.of(Set.of(1L), " ", 3, EMBED)).isInstanceOf(KnowledgeException.class);
    assertThatThrownBy(() -> RetrievalRequest.of(Set.of(1L), "q", 0, EMBED)).isInstanceOf(KnowledgeException.class);
    assertThatThrownBy(() -> RetrievalRequest.of(Set.of(1L), "q", 3, null)).isInstanceOf(KnowledgeException.class);
    assertThatThrownBy(() -> RetrievalRequest.Mode.parse("semantic")).isInstanceOf(KnowledgeException.class);
    assertThatThrownBy(() -> Fusion.weighted(1.5f)).isInstanceOf(KnowledgeException.class);
  }

  @Test
  void aHitDeletedBetweenTheSearchAndReadingItsChunkIsReplacedByTheNextCandidate() {
    // The full-text list is computed, then the document of chunk 3 (its best hit) is deleted before chunks are read.
    Retriever r = new Retriever(new Delegating(index) {
      @Override
      public List<ChunkScore> fullTextScores(IndexQuery q) {
        List<ChunkScore> found = super.fullTextScores(q);
        index.deleteDocument(1, 10);
        return found;
      }
    });
    RetrievalRequest q = RetrievalRequest.of(Set.of(1L), "住房", 1, EMBED).withMode(Mode.FULLTEXT);
    assertThat(ids(retriever.retrieve(q))).containsExactly(3L);
    assertThat(ids(r.retrieve(q))).containsExactly(2L);
  }

  @Test
  void retrievalsBeyondTheSearchSlotsWaitTheirTurnAndEmbeddingHoldsNoSlot() throws Exception {
    var inside = new java.util.concurrent.atomic.AtomicInteger();
    var most = new java.util.concurrent.atomic.AtomicInteger();
    var entered = new java.util.concurrent.CountDownLatch(1);
    var leave = new java.util.concurrent.CountDownLatch(1);
    Retriever one = new Retriever(new Delegating(index) {
      @Override
      public List<ChunkScore> fullTextScores(IndexQuery q) {
        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
        try {
          if (q.text().contains("公积金")) {
            entered.countDown();
            await(leave);
          }
          return super.fullTextScores(q);
        } finally {
          inside.decrementAndGet();
        }
      }
    }, 1);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      var first = pool.submit(() -> one.retrieve(request("公积金").withMode(Mode.FULLTEXT)));
      await(entered);
      var second = pool.submit(() -> one.retrieve(request("住房").withMode(Mode.FULLTEXT)));
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
      while (one.waiting() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(one.waiting()).isEqualTo(1); // the second waits for the only slot, outside the index
      // A retrieval blocked in its embedding (a model call) holds no slot: this one gets past it meanwhile, and
      // itself waits for the slot only after embedding.
      var embedding = new java.util.concurrent.CountDownLatch(1);
      var embedded = new java.util.concurrent.CountDownLatch(1);
      var third = pool.submit(() -> one.retrieve(RetrievalRequest.of(Set.of(1L), "贷款", 3, text -> {
        embedding.countDown();
        await(embedded);
        return new float[] {1, 0};
      })));
      await(embedding);
      assertThat(one.waiting()).isEqualTo(1);
      leave.countDown();
      assertThat(ids(first.get(20, java.util.concurrent.TimeUnit.SECONDS))).contains(2L);
      assertThat(ids(second.get(20, java.util.concurrent.TimeUnit.SECONDS))).contains(2L, 3L);
      assertThat(third.isDone()).isFalse();
      embedded.countDown();
      assertThat(ids(third.get(20, java.util.concurrent.TimeUnit.SECONDS))).contains(1L);
      assertThat(most.get()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(java.util.concurrent.CountDownLatch latch) {
    try {
      if (!latch.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The real index, passed through: a test overrides the calls it watches. */
  private static class Delegating implements KnowledgeIndex {
    private final KnowledgeIndex d;

    Delegating(KnowledgeIndex d) {
      this.d = d;
    }

    @Override public void ensureBase(long kbId, int dimension, String similarity) {
      d.ensureBase(kbId, dimension, similarity);
    }

    @Override public void upsert(List<IndexedChunk> chunks) {
      d.upsert(chunks);
    }

    @Override public void deleteDocument(long kbId, long documentId) {
      d.deleteDocument(kbId, documentId);
    }

    @Override public void deleteBase(long kbId) {
      d.deleteBase(kbId);
    }

    @Override public void setEnabled(long kbId, long chunkId, boolean enabled) {
      d.setEnabled(kbId, chunkId, enabled);
    }

    @Override public List<IndexHit> vectorSearch(IndexQuery query) {
      return d.vectorSearch(query);
    }

    @Override public List<IndexHit> fullTextSearch(IndexQuery query) {
      return d.fullTextSearch(query);
    }

    @Override public List<ChunkScore> vectorScores(IndexQuery query) {
      return d.vectorScores(query);
    }

    @Override public List<ChunkScore> fullTextScores(IndexQuery query) {
      return d.fullTextScores(query);
    }

    @Override public Map<Long, IndexedChunk> chunks(java.util.Collection<ChunkScore> hits) {
      return d.chunks(hits);
    }

    @Override public java.util.Optional<IndexedChunk> get(long kbId, long chunkId) {
      return d.get(kbId, chunkId);
    }

    @Override public List<IndexedChunk> range(long kbId, long documentId, int fromOrdinal, int toOrdinal) {
      return d.range(kbId, documentId, fromOrdinal, toOrdinal);
    }

    @Override public long count(long kbId) {
      return d.count(kbId);
    }

    @Override public void close() {}
  }

  private static List<Long> ids(RetrievalResult r) {
    return r.chunks().stream().map(RetrievedChunk::id).toList();
  }
}
