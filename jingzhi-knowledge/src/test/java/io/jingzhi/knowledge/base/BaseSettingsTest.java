package io.jingzhi.knowledge.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.common.error.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class BaseSettingsTest {

  private final JsonMapper json = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
  private final BaseSettings settings = new BaseSettings(json, io.jingzhi.knowledge.chunk.Chunker.withBuiltInStrategies());

  @Test
  void missingChunkingFieldsTakeTheDefaultsAndGivenOnesWin() {
    var merged = settings.chunking(json.readTree("{\"strategy\": \"policy\", \"max_chars\": 800}"));
    assertThat(merged.get("strategy").asString()).isEqualTo("policy");
    assertThat(merged.get("max_chars").asInt()).isEqualTo(800);
    assertThat(merged.get("overlap_chars").asInt()).isEqualTo(50);
    var typed = settings.chunkingSettings(merged);
    assertThat(typed.maxChars()).isEqualTo(800);
    assertThat(typed.strategy()).isEqualTo("policy");
    assertThat(settings.chunking(null).get("strategy").asString()).isEqualTo("auto");
  }

  @Test
  void outOfRangeChunkingIsRefusedNamingTheField() {
    assertRefused("{\"strategy\": \"magic\"}", "chunking.strategy");
    assertRefused("{\"max_chars\": 10}", "chunking.max_chars");
    assertRefused("{\"max_chars\": \"many\"}", "chunking.max_chars");
    assertRefused("{\"max_chars\": 100, \"overlap_chars\": 100}", "chunking.overlap_chars");
    assertRefused("{\"max_chars\": 500, \"parent_chars\": 400}", "chunking.parent_chars");
    assertRefused("{\"columns\": {\"区\": \"sometimes\"}}", "chunking.columns.区");
    assertRefused("[1]", "chunking");
    // Every bad field at once, under the code the API documents.
    assertThatThrownBy(() -> settings.chunking(json.readTree("{\"max_chars\": 10, \"overlap_chars\": 20, "
        + "\"parent_chars\": 5}"))).isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo("chunking.invalid_settings");
          assertThat(e.fieldErrors()).extracting(f -> f.field()).containsExactlyInAnyOrder("chunking.max_chars",
              "chunking.overlap_chars", "chunking.parent_chars");
        });
  }

  @Test
  void retrievalRequestsOverlayTheBaseDefaults() {
    RetrievalDefaults base = settings.retrieval(new RetrievalDefaults("vector", 8, 0.3, "weighted", 0.7, "rr",
        new RetrievalDefaults.Context(1, true)));
    RetrievalDefaults merged = settings.merge(base, new RetrievalDefaults("fulltext", null, null, null, null, null,
        new RetrievalDefaults.Context(null, false)));
    assertThat(merged).isEqualTo(new RetrievalDefaults("fulltext", 8, 0.3, "weighted", 0.7, "rr",
        new RetrievalDefaults.Context(1, false)));
    assertThat(settings.retrieval(null)).isEqualTo(RetrievalDefaults.defaults());
    assertThatThrownBy(() -> settings.merge(base, new RetrievalDefaults(null, 0, null, null, null, null, null)))
        .isInstanceOf(ApiException.class).hasMessageContaining("top_k");
    assertThatThrownBy(() -> settings.merge(base, new RetrievalDefaults("psychic", null, null, null, null, null,
        null))).isInstanceOf(ApiException.class).hasMessageContaining("mode");
  }

  private void assertRefused(String chunking, String field) {
    assertThatThrownBy(() -> settings.chunking(json.readTree(chunking))).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.fieldErrors()).extracting(f -> f.field()).contains(field));
  }
}
