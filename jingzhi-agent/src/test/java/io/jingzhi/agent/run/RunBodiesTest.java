package io.jingzhi.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.AgentException;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class RunBodiesTest {

  private final JsonMapper json = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  @Test
  void readsARunBody() {
    var b = RunBodies.run(json.readTree("""
        {"inputs": {"a": 1}, "query": "问", "conversation_id": "c1", "stream": true, "version": "draft"}"""), json);
    assertThat(b.inputs()).containsEntry("a", 1);
    assertThat(b.query()).isEqualTo("问");
    assertThat(b.conversationId()).isEqualTo("c1");
    assertThat(b.stream()).isTrue();
    assertThat(b.version()).isZero();
    assertThat(RunBodies.run(json.readTree("{\"version\": 3, \"query\": \" \"}"), json).version()).isEqualTo(3);
    assertThat(RunBodies.run(json.readTree("{\"query\": \" \"}"), json).query()).as("blank is no query").isNull();
  }

  @Test
  void namesTheFieldOfAWrongValue() {
    for (String body : new String[] {"{\"inputs\": []}", "{\"query\": 1}", "{\"stream\": \"yes\"}",
        "{\"version\": 0}", "{\"version\": \"latest\"}", "{\"conversation_id\": 5}"}) {
      assertThatThrownBy(() -> RunBodies.run(json.readTree(body), json)).as(body)
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.fieldErrors()).hasSize(1));
    }
    assertThatThrownBy(() -> RunBodies.run(json.readTree("[]"), json)).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> RunBodies.run(json.readTree("{\"query\": \"" + "x".repeat(20_001) + "\"}"), json))
        .hasMessageContaining("query");
  }

  @Test
  void readsADebugDefinitionOrRefusesItAsTheWorkflowFormat() {
    var d = RunBodies.debug(json.readTree("""
        {"definition": {"format": "jingzhi-workflow/1", "conversation_variables": [{"name": "t", "type": "string"}],
         "nodes": [{"id": "a", "type": "answer", "config": {"text": "x"}}],
         "edges": [{"source": "a", "source_handle": "error", "target": "b"}]}}"""), json);
    assertThat(d.definition().nodes().getFirst().config().get("text").asString()).isEqualTo("x");
    assertThat(d.definition().conversationVariables().getFirst().name()).isEqualTo("t");
    assertThat(d.definition().edges().getFirst().sourceHandle()).isEqualTo("error");
    assertThat(RunBodies.debug(json.readTree("{}"), json).definition()).isNull();
    assertThatThrownBy(() -> RunBodies.debug(json.readTree("{\"definition\": {\"nodes\": 3}}"), json))
        .isInstanceOfSatisfying(AgentException.class, e -> {
          assertThat(e.status().value()).isEqualTo(422);
          assertThat(e.fieldErrors().stream().map(FieldError::field)).containsExactly("definition");
        });
  }

  @Test
  void anInputBodyNeedsValues() {
    assertThatThrownBy(() -> RunBodies.input(json.readTree("{}"), json)).hasMessageContaining("values");
    assertThat(RunBodies.input(json.readTree("{\"values\": {\"a\": \"b\"}, \"stream\": true}"), json).stream())
        .isTrue();
  }
}
