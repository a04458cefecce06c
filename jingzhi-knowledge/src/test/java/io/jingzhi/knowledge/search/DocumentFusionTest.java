package io.jingzhi.knowledge.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.index.IndexHit;
import io.jingzhi.knowledge.index.IndexedChunk;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DocumentFusionTest {

  private static IndexHit hit(long chunk, long document, long kb, float score) {
    return new IndexHit(new IndexedChunk(chunk, kb, document, 1, 0, "text " + chunk, "text " + chunk, null, Map.of(),
        List.of(), null, true, true), score);
  }

  @Test
  void ranksNotRawScoresDecideAcrossListsAndADocumentTakesItsBestChunk() {
    // Full text over both bases; two embedding models with different similarity scales.
    List<IndexHit> fulltext = List.of(hit(11, 1, 100, 42f), hit(21, 2, 200, 30f), hit(12, 1, 100, 3f));
    List<IndexHit> modelA = List.of(hit(12, 1, 100, 0.91f), hit(13, 1, 100, 0.90f));
    List<IndexHit> modelB = List.of(hit(31, 3, 300, 0.2f), hit(21, 2, 200, 0.1f));
    List<DocumentFusion.Found> found = DocumentFusion.fuse(List.of(fulltext, modelA, modelB));

    assertThat(found).extracting(DocumentFusion.Found::documentId).containsExactly(1L, 2L, 3L);
    // Chunk 12: rank 3 in full text + rank 1 of model A beats chunk 11 (rank 1 in full text only).
    assertThat(found.getFirst().best().chunkId()).isEqualTo(12);
    assertThat(found.getFirst().score()).isEqualTo(1.0 / 63 + 1.0 / 61);
    assertThat(found.get(1).best().chunkId()).isEqualTo(21);
    assertThat(found.get(2).kbId()).isEqualTo(300);
    assertThat(DocumentFusion.fuse(List.of(List.of(), List.of()))).isEmpty();
  }

  @Test
  void sortsBreakTiesByRelevanceAndNewestFallsBackToTheUploadDay() {
    JsonMapper json = JsonMapper.builder().build();
    Instant now = Instant.parse("2026-03-01T00:00:00Z");
    SearchItem dated = item(1, 0.5, json.readTree("{\"publish_date\": \"2026-02-01\"}"), 5, 0, now);
    SearchItem effective = item(2, 0.9, json.readTree("{\"effective_date\": \"2025-02-01\"}"), 5, 9, now);
    SearchItem undated = item(3, 0.1, json.readTree("{}"), 1, 1, now);
    List<SearchItem> all = List.of(dated, effective, undated);

    assertThat(sorted(all, "relevance")).containsExactly(2L, 1L, 3L);
    assertThat(sorted(all, "newest")).containsExactly(3L, 1L, 2L);
    assertThat(sorted(all, "views")).as("equal views: the better match first").containsExactly(2L, 1L, 3L);
    assertThat(sorted(all, "downloads")).containsExactly(2L, 3L, 1L);
  }

  private static List<Long> sorted(List<SearchItem> items, String sort) {
    return items.stream().sorted(KnowledgeSearchService.order(sort)).map(SearchItem::documentId).toList();
  }

  private static SearchItem item(long id, double score, tools.jackson.databind.JsonNode metadata, long views,
      long downloads, Instant created) {
    return new SearchItem(id, 1, "库", "t" + id, "f" + id, "", score, metadata, "org", "unknown", views, downloads,
        created, "upload", id * 10, created);
  }
}
