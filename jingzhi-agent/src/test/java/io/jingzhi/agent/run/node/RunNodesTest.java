package io.jingzhi.agent.run.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class RunNodesTest {

  private final JsonMapper json = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  /** Collects the problems reported for a node; {@code app} is the app being saved. */
  private static final class Problems implements Validation {
    final List<String> fields = new ArrayList<>();
    private final String app;

    Problems(String app) {
      this.app = app;
    }

    @Override
    public void error(String field, String message) {
      fields.add(field);
    }

    @Override
    public Optional<VarType> typeOf(String selector) {
      return Optional.empty();
    }

    @Override
    public String appCode() {
      return app;
    }
  }

  private NodeSpec node(String type, String config) {
    return new NodeSpec("n", type, "n", json.readTree(config), null, null);
  }

  @Test
  void subWorkflowConfigIsChecked() {
    var sub = new SubWorkflowNode(null, json);
    var ok = new Problems("parent");
    sub.validate(node("sub_workflow", "{\"app\": \"child-app\", \"version\": 2, \"inputs\": {\"q\": \"{{start.q}}\"}}"),
        ok);
    assertThat(ok.fields).isEmpty();
    var bad = new Problems("parent");
    sub.validate(node("sub_workflow", "{\"app\": \"bad code!\", \"version\": 0, \"inputs\": []}"), bad);
    assertThat(bad.fields).containsExactly("config.app", "config.version", "config.inputs");
    var self = new Problems("parent");
    sub.validate(node("sub_workflow", "{\"app\": \"parent\"}"), self);
    assertThat(self.fields).containsExactly("config.app");
    assertThat(sub.outputs(node("sub_workflow", "{}"))).containsEntry("answer", VarType.STRING)
        .containsEntry("outputs", VarType.OBJECT).containsEntry("run_id", VarType.NUMBER);
  }

  @Test
  void humanInputDeclaresItsFieldsAsOutputsAndChecksThem() {
    var human = new HumanInputNode(json);
    var spec = node("human_input", """
        {"prompt": "请确认{{start.q}}", "fields": [{"name": "ok", "type": "boolean", "required": true},
          {"name": "note", "max_length": 10}]}""");
    assertThat(human.outputs(spec)).containsEntry("ok", VarType.BOOLEAN).containsEntry("note", VarType.STRING);
    var ok = new Problems(null);
    human.validate(spec, ok);
    assertThat(ok.fields).isEmpty();
    var bad = new Problems(null);
    human.validate(node("human_input", "{\"fields\": [{\"name\": \"Bad\"}, {\"name\": \"x\"}, {\"name\": \"x\"}]}"),
        bad);
    assertThat(bad.fields).containsExactly("config.fields[0].name", "config.fields[2].name");
    var none = new Problems(null);
    human.validate(node("human_input", "{\"prompt\": 3}"), none);
    assertThat(none.fields).containsExactly("config.prompt", "config.fields");
  }
}
