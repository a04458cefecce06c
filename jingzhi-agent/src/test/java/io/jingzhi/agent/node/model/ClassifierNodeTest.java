package io.jingzhi.agent.node.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.testing.FakeNodeContext;
import io.jingzhi.agent.testing.RecordingValidation;
import org.junit.jupiter.api.Test;

class ClassifierNodeTest {

  static final String CONFIG = """
      {"model": "qwen", "query": "{{sys.query}}", "instructions": "按办事类型分",
       "classes": [{"id": "social", "name": "社保", "description": "社保卡、养老保险"},
                   {"id": "medical", "name": "医保", "description": "医保报销"}]}""";

  final FakeModelClient models = new FakeModelClient();
  final ClassifierNode node = new ClassifierNode(models, FakeNodeContext.JSON);

  @Test
  void leavesByTheClassTheModelNames() {
    models.answer("{\"class_id\": \"medical\"}");
    var ctx = new FakeNodeContext("classifier", CONFIG).with("sys.query", "门诊能报销多少");

    NodeResult result = node.execute(ctx);

    assertThat(result.handle()).isEqualTo("medical");
    assertThat(result.outputs()).containsEntry("class_id", "medical").containsEntry("class_name", "医保");
    assertThat(result.details()).containsEntry("fallback", false);
    var request = models.requests.getFirst();
    assertThat(request.jsonObject()).isTrue();
    assertThat(request.messages().getFirst().content()).contains("id: social", "社保卡、养老保险", "按办事类型分");
    assertThat(request.messages().get(1).content()).isEqualTo("门诊能报销多少");
    assertThat(node.handles(ctx.node())).containsExactly("social", "medical");
  }

  @Test
  void acceptsTheClassNameAndFallsBackToTheFirstClassOtherwise() {
    models.answer("{\"class\": \"医保\"}").answer("我不确定").answer("{\"class_id\": \"tax\"}");
    var ctx = new FakeNodeContext("classifier", CONFIG).with("sys.query", "q");

    assertThat(node.execute(ctx).handle()).isEqualTo("medical");
    NodeResult unsure = node.execute(ctx);
    assertThat(unsure.handle()).isEqualTo("social");
    assertThat(unsure.details()).containsEntry("fallback", true);
    assertThat(node.execute(ctx).handle()).isEqualTo("social");
  }

  @Test
  void validationNamesBadClasses() {
    var v = new RecordingValidation();
    node.validate(new FakeNodeContext("classifier", """
        {"model": "qwen", "query": "q", "classes": [{"id": "a", "name": "A"}, {"id": "a", "name": ""},
          {"id": "error", "name": "E"}, {"id": "含空 格", "name": "X"}]}""").node(), v);
    assertThat(v.errors).containsOnlyKeys("config.classes[1].id", "config.classes[1].name", "config.classes[2].id",
        "config.classes[3].id");
    var empty = new RecordingValidation();
    node.validate(new FakeNodeContext("classifier", "{\"model\": \"m\", \"query\": \"q\"}").node(), empty);
    assertThat(empty.errors).containsOnlyKeys("config.classes");
  }
}
