package io.jingzhi.agent.node.control;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Selector;
import io.jingzhi.agent.engine.Validation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code aggregator}: joins branches. {@code config.variables[]} are selectors, usually one per branch; the output
 * {@code output} is the first that has a value (the branches not taken were skipped and have none).
 */
@Component
public class AggregatorNode implements NodeExecutor {

  public static final String TYPE = "aggregator";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    return Map.of("output", VarType.ANY);
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    List<JsonNode> variables = Configs.array(node, "variables");
    if (variables.isEmpty()) {
      validation.error("config.variables", "needs at least one selector");
    }
    for (int i = 0; i < variables.size(); i++) {
      Configs.selector("config.variables[" + i + "]", variables.get(i).asString(null), validation);
    }
  }

  @Override
  public NodeResult execute(NodeContext context) {
    for (JsonNode variable : Configs.array(context.node(), "variables")) {
      Object value = context.value(Selector.strip(variable.asString()));
      if (value != null) {
        return NodeResult.of(Map.of("output", value));
      }
    }
    Map<String, Object> none = new HashMap<>();
    none.put("output", null);
    return NodeResult.of(none);
  }
}
