package io.jingzhi.agent.node.control;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Validation;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code switch}: {@code config.value: "{{x}}"} against {@code cases[]: {id, equals}}; the exit is the first
 * case whose {@code equals} matches (numbers by value, else as text), {@code default} when none does.
 */
@Component
public class SwitchNode implements NodeExecutor {

  public static final String TYPE = "switch";
  public static final String DEFAULT = "default";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    return Map.of("case", VarType.STRING, "value", VarType.ANY);
  }

  @Override
  public Set<String> handles(NodeSpec node) {
    Set<String> handles = new LinkedHashSet<>();
    for (JsonNode c : Configs.array(node, "cases")) {
      if (c.path("id").isString()) {
        handles.add(c.path("id").asString());
      }
    }
    handles.add(DEFAULT);
    return handles;
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    Configs.requireText(node, "value", validation);
    List<JsonNode> cases = Configs.array(node, "cases");
    if (cases.isEmpty()) {
      validation.error("config.cases", "needs at least one case");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < cases.size(); i++) {
      String id = cases.get(i).path("id").asString("");
      if (!id.matches("[A-Za-z0-9_\\-]+") || DEFAULT.equals(id) || "error".equals(id)) {
        validation.error("config.cases[" + i + "].id", "must be a name (not default or error)");
      } else if (!ids.add(id)) {
        validation.error("config.cases[" + i + "].id", "duplicate case " + id);
      }
      if (!cases.get(i).has("equals")) {
        validation.error("config.cases[" + i + "].equals", "is required");
      }
    }
  }

  @Override
  public NodeResult execute(NodeContext context) {
    Object value = context.resolve("value");
    for (JsonNode c : Configs.array(context.node(), "cases")) {
      if (Conditions.same(value, context.resolve(c.get("equals")))) {
        String id = c.path("id").asString();
        return NodeResult.branch(id, outputs(id, value));
      }
    }
    return NodeResult.branch(DEFAULT, outputs(DEFAULT, value));
  }

  private static Map<String, Object> outputs(String handle, Object value) {
    Map<String, Object> outputs = new java.util.LinkedHashMap<>();
    outputs.put("case", handle);
    outputs.put("value", value);
    return outputs;
  }
}
