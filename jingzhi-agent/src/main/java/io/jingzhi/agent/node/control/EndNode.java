package io.jingzhi.agent.node.control;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Selector;
import io.jingzhi.agent.engine.Validation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code end}: {@code config.outputs: {name: selector}} become the run's outputs. A value is a selector, bare
 * ({@code llm.text}) or as a reference ({@code {{llm.text}}}, typed); text around references is rendered.
 */
@Component
public class EndNode implements NodeExecutor {

  public static final String TYPE = "end";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    Map<String, VarType> outputs = new LinkedHashMap<>();
    Configs.field(node, "outputs").properties().forEach(e -> outputs.put(e.getKey(), VarType.ANY));
    return outputs;
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    JsonNode outputs = Configs.field(node, "outputs");
    if (!outputs.isMissingNode() && !outputs.isObject()) {
      validation.error("config.outputs", "must be an object {name: selector}");
      return;
    }
    outputs.properties().forEach(e -> {
      String field = "config.outputs." + e.getKey();
      if (!e.getValue().isString()) {
        validation.error(field, "must be a selector such as llm.text");
      } else if (!e.getValue().asString().contains("{{")) {
        Configs.selector(field, e.getValue().asString(), validation);
      }
    });
  }

  @Override
  public NodeResult execute(NodeContext context) {
    Map<String, Object> outputs = new LinkedHashMap<>();
    Configs.field(context.node(), "outputs").properties().forEach(e -> {
      String value = e.getValue().asString();
      outputs.put(e.getKey(), value.contains("{{") ? context.resolve(e.getValue())
          : context.value(Selector.strip(value)));
    });
    return NodeResult.of(outputs);
  }
}
