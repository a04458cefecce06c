package io.jingzhi.agent.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.testing.FakeNodeContext;
import io.jingzhi.agent.testing.RecordingValidation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtractorNodeTest {

  static final String CONFIG = """
      {"model": "qwen", "query": "{{start.text}}",
       "parameters": [{"name": "name", "type": "string", "description": "姓名", "required": true},
                      {"name": "age", "type": "number", "required": true},
                      {"name": "insured", "type": "boolean"},
                      {"name": "items", "type": "array[string]", "description": "办理事项"},
                      {"name": "phone", "type": "string", "required": true}]}""";

  final FakeModelClient models = new FakeModelClient();
  final ExtractorNode node = new ExtractorNode(models, FakeNodeContext.JSON);

  @Test
  void coercesEachParameterToItsTypeAndListsTheMissingRequiredOnes() {
    models.answer("""
        {"name": "张三", "age": "45", "insured": "是", "items": "社保卡补办，医保转移", "phone": null}""");
    var ctx = new FakeNodeContext("extractor", CONFIG).with("start.text", "我叫张三，45岁，参保了，要补办社保卡和转医保");

    NodeResult result = node.execute(ctx);

    assertThat(result.outputs()).containsEntry("name", "张三").containsEntry("age", 45L)
        .containsEntry("insured", true).containsEntry("items", List.of("社保卡补办", "医保转移"))
        .containsEntry("phone", null).containsEntry("missing", List.of("phone"));
    assertThat(models.requests.getFirst().jsonObject()).isTrue();
    assertThat(models.requests.getFirst().messages().getFirst().content()).contains("age（number，必填）");
    assertThat(node.outputs(ctx.node())).containsEntry("age", VarType.NUMBER).containsEntry("insured", VarType.BOOLEAN)
        .containsEntry("items", VarType.ARRAY_STRING).containsEntry("missing", VarType.ARRAY_STRING);
  }

  @Test
  void aValueThatCannotBeReadAsItsTypeCountsAsMissing() {
    models.answer("{\"name\": {\"first\": \"三\"}, \"age\": \"四十多\", \"phone\": 13800000000}");
    NodeResult result = node.execute(new FakeNodeContext("extractor", CONFIG));
    assertThat(result.outputs()).containsEntry("name", null).containsEntry("age", null)
        .containsEntry("phone", "13800000000").containsEntry("missing", List.of("name", "age"));
  }

  @Test
  void anAnswerWithoutJsonIsARetryableFailure() {
    models.answer("抱歉");
    assertThatThrownBy(() -> node.execute(new FakeNodeContext("extractor", CONFIG)))
        .isInstanceOf(NodeFailure.class).hasFieldOrPropertyWithValue("code", "extractor.invalid_json")
        .hasFieldOrPropertyWithValue("retryable", true);
  }

  @Test
  void coercionReadsValuesTheWayAPersonWould() {
    assertThat(Coercion.to(VarType.NUMBER, "1,200.5")).isEqualTo(1200.5);
    assertThat(Coercion.to(VarType.BOOLEAN, "否")).isEqualTo(false);
    assertThat(Coercion.to(VarType.BOOLEAN, "也许")).isNull();
    assertThat(Coercion.to(VarType.ARRAY_NUMBER, List.of("1", 2))).isEqualTo(List.of(1L, 2));
    assertThat(Coercion.to(VarType.ARRAY_NUMBER, List.of("1", "x"))).isNull();
    assertThat(Coercion.to(VarType.OBJECT, Map.of("a", 1))).isEqualTo(Map.of("a", 1));
    assertThat(Coercion.to(VarType.STRING, "null")).isNull();
  }

  @Test
  void validationNamesBadParameters() {
    var v = new RecordingValidation();
    node.validate(new FakeNodeContext("extractor", """
        {"model": "qwen", "query": "q", "parameters": [{"name": "Name", "type": "string"},
          {"name": "missing", "type": "string"}, {"name": "a", "type": "date"}, {"name": "b", "required": "y"},
          {"name": "b"}]}""").node(), v);
    assertThat(v.errors).containsOnlyKeys("config.parameters[0].name", "config.parameters[1].name",
        "config.parameters[2].type", "config.parameters[3].required", "config.parameters[4].name");
  }
}
