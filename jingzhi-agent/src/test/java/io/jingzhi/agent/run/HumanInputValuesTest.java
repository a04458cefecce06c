package io.jingzhi.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.AgentException;
import io.jingzhi.common.error.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HumanInputValuesTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final JsonNode form = json.readTree("""
      {"prompt": "请确认", "fields": [
        {"name": "ok", "type": "boolean", "required": true},
        {"name": "level", "type": "string", "options": ["高", "低"], "value": "低"},
        {"name": "note", "type": "string", "max_length": 5},
        {"name": "count", "type": "number"}]}""");

  @Test
  void acceptsFittingValuesAndFillsDefaults() {
    Map<String, Object> accepted = HumanInputValues.check(form, Map.of("ok", true, "count", 2), json);
    assertThat(accepted).containsEntry("ok", true).containsEntry("level", "低").containsEntry("count", 2)
        .doesNotContainKey("note");
  }

  @Test
  void namesEveryFieldAtFault() {
    assertThatThrownBy(() -> HumanInputValues.check(form, Map.of("level", "中", "note", "太长的一段备注",
        "count", "2", "extra", 1), json))
        .isInstanceOfSatisfying(AgentException.class, e -> {
          assertThat(e.status().value()).isEqualTo(422);
          assertThat(e.code()).isEqualTo("run.input_invalid");
          assertThat(e.fieldErrors().stream().map(FieldError::field)).containsExactlyInAnyOrder("values.ok",
              "values.level", "values.note", "values.count", "values.extra");
        });
  }

  @Test
  void aBlankRequiredValueIsMissing() {
    JsonNode text = json.readTree("{\"fields\":[{\"name\":\"a\",\"type\":\"string\",\"required\":true}]}");
    assertThatThrownBy(() -> HumanInputValues.check(text, Map.of("a", "  "), json))
        .isInstanceOf(AgentException.class).hasMessageContaining("values.a is required");
    assertThat(HumanInputValues.check(text, Map.of("a", "x"), json)).containsEntry("a", "x");
    assertThat(HumanInputValues.check(json.readTree("{\"fields\":[{\"name\":\"l\",\"type\":\"array[string]\"}]}"),
        Map.of("l", List.of("x")), json)).containsKey("l");
  }
}
