package io.jingzhi.knowledge.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ValidityTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final LocalDate TODAY = LocalDate.of(2026, 3, 1);

  private static JsonNode m(String json) {
    return JSON.readTree(json);
  }

  @Test
  void statusFollowsTheDatesAndSupersessionWins() {
    Supersessions none = Supersessions.none();
    assertThat(Validity.of(m("{\"effective_date\": \"2026-01-01\"}"), TODAY, none)).isEqualTo("valid");
    assertThat(Validity.of(m("{\"effective_date\": \"2026-03-01\", \"expiry_date\": \"2026-03-01\"}"), TODAY, none))
        .as("both bounds are days in force").isEqualTo("valid");
    assertThat(Validity.of(m("{\"expiry_date\": \"2026-02-28\"}"), TODAY, none)).isEqualTo("expired");
    assertThat(Validity.of(m("{\"effective_date\": \"2026-04-01\"}"), TODAY, none)).as("not yet in force")
        .isEqualTo("unknown");
    assertThat(Validity.of(m("{\"publish_date\": \"2020-01-01\"}"), TODAY, none)).isEqualTo("valid");
    assertThat(Validity.of(m("{\"domain\": \"就业\"}"), TODAY, none)).isEqualTo("unknown");
    assertThat(Validity.of(m("{\"expiry_date\": \"2020-01-01\", \"superseded_by\": \"新办法\"}"), TODAY, none))
        .isEqualTo("superseded");
    assertThat(Validity.of(m("{\"superseded_by\": []}"), TODAY, none)).as("an empty list names nobody")
        .isEqualTo("unknown");
  }

  @Test
  void aNewerDocumentSupersedesByDocumentNumberWhateverBracketsItUses() {
    Supersessions s = Supersessions.from(List.of(m("{\"supersedes\": \"某人社[2024] 1号\"}"),
        m("{\"supersedes\": [\"某财〔2020〕3号\", \"某财（2021）4号\"]}"), m("{\"domain\": \"x\"}")));
    assertThat(s.superseded(m("{\"doc_number\": \"某人社〔2024〕1号\"}"))).isTrue();
    assertThat(s.superseded(m("{\"doc_number\": \"某财〔2021〕4号\"}"))).isTrue();
    assertThat(s.superseded(m("{\"doc_number\": \"某财〔2020〕3号\"}"))).isTrue();
    assertThat(s.superseded(m("{\"doc_number\": \"某财〔2020〕4号\"}"))).isFalse();
    assertThat(s.superseded(m("{}"))).isFalse();
  }

  @Test
  void inForceOnADayNeedsADateAndOpenBoundsAreOpen() {
    assertThat(Validity.inForceOn(m("{\"effective_date\": \"2025-01-01\"}"), TODAY)).isTrue();
    assertThat(Validity.inForceOn(m("{\"effective_date\": \"2026-03-02\"}"), TODAY)).isFalse();
    assertThat(Validity.inForceOn(m("{\"expiry_date\": \"2026-03-01\"}"), TODAY)).isTrue();
    assertThat(Validity.inForceOn(m("{\"effective_date\": \"2025-01-01\", \"expiry_date\": \"2026-02-28\"}"),
        TODAY)).isFalse();
    assertThat(Validity.inForceOn(m("{\"publish_date\": \"2025-01-01\"}"), TODAY)).isFalse();
    assertThat(Validity.inForceOn(m("{\"effective_date\": \"not a date\"}"), TODAY)).isFalse();
  }
}
