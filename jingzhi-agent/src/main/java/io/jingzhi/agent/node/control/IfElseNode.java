package io.jingzhi.agent.node.control;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Selector;
import io.jingzhi.agent.engine.Validation;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code if_else}: {@code config.cases[]: {id, logical: and|or, conditions[]: {left: selector, op, right}}};
 * the first case that holds is the exit taken, {@code else} when none does. Output {@code case}: the exit taken.
 */
@Component
public class IfElseNode implements NodeExecutor {

  public static final String TYPE = "if_else";
  public static final String ELSE = "else";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    return Map.of("case", VarType.STRING);
  }

  @Override
  public Set<String> handles(NodeSpec node) {
    Set<String> handles = new LinkedHashSet<>();
    for (JsonNode c : Configs.array(node, "cases")) {
      if (c.path("id").isString()) {
        handles.add(c.path("id").asString());
      }
    }
    handles.add(ELSE);
    return handles;
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    List<JsonNode> cases = Configs.array(node, "cases");
    if (cases.isEmpty()) {
      validation.error("config.cases", "needs at least one case");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonNode c = cases.get(i);
      String field = "config.cases[" + i + "]";
      String id = c.path("id").asString("");
      if (!id.matches("[A-Za-z0-9_\\-]+") || ELSE.equals(id) || "error".equals(id)) {
        validation.error(field + ".id", "must be a name (not else or error)");
      } else if (!ids.add(id)) {
        validation.error(field + ".id", "duplicate case " + id);
      }
      String logical = c.path("logical").asString("and");
      if (!logical.equals("and") && !logical.equals("or")) {
        validation.error(field + ".logical", "must be and or or");
      }
      List<JsonNode> conditions = Configs.array(NodeSpecs.of(c), "conditions");
      if (conditions.isEmpty()) {
        validation.error(field + ".conditions", "needs at least one condition");
      }
      for (int k = 0; k < conditions.size(); k++) {
        condition(conditions.get(k), field + ".conditions[" + k + "]", validation);
      }
    }
  }

  private static void condition(JsonNode condition, String field, Validation validation) {
    String op = condition.path("op").asString("");
    if (!Conditions.OPS.contains(op)) {
      validation.error(field + ".op", "must be one of " + String.join(", ", new java.util.TreeSet<>(Conditions.OPS)));
    }
    Selector left = Configs.selector(field + ".left", condition.path("left").asString(null), validation);
    if (!Conditions.UNARY.contains(op) && Conditions.OPS.contains(op)
        && (condition.path("right").isMissingNode() || condition.path("right").isNull())) {
      validation.error(field + ".right", "is required for " + op);
    }
    if (left != null && Conditions.NUMERIC.contains(op)) {
      validation.typeOf(left.text()).ifPresent(type -> {
        if (!VarType.NUMBER.accepts(type)) {
          validation.error(field + ".left", op + " compares numbers, " + left.text() + " is " + type.wire());
        }
      });
    }
  }

  @Override
  public NodeResult execute(NodeContext context) {
    for (JsonNode c : Configs.array(context.node(), "cases")) {
      boolean any = c.path("logical").asString("and").equals("or");
      boolean result = !any;
      for (JsonNode condition : c.path("conditions")) {
        boolean holds = Conditions.test(context.value(Selector.strip(condition.path("left").asString())),
            condition.path("op").asString(), context.resolve(condition.get("right")));
        result = any ? result || holds : result && holds;
      }
      if (result) {
        String id = c.path("id").asString();
        return NodeResult.branch(id, Map.of("case", id));
      }
    }
    return NodeResult.branch(ELSE, Map.of("case", ELSE));
  }
}
