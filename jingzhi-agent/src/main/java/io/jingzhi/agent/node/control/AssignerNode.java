package io.jingzhi.agent.node.control;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Selector;
import io.jingzhi.agent.engine.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code assigner}: writes conversation variables, kept for the next turns.
 * {@code config.assignments[]: {variable: conv.name, value, mode: set|append|clear}}; {@code append} adds to an
 * array variable (a list value adds each element). No outputs.
 */
@Component
public class AssignerNode implements NodeExecutor {

  public static final String TYPE = "assigner";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    return Map.of();
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    List<JsonNode> assignments = Configs.array(node, "assignments");
    if (assignments.isEmpty()) {
      validation.error("config.assignments", "needs at least one assignment");
    }
    for (int i = 0; i < assignments.size(); i++) {
      JsonNode a = assignments.get(i);
      String field = "config.assignments[" + i + "]";
      Selector variable = Selector.parse(a.path("variable").asString(""));
      Optional<VarType> type = Optional.empty();
      if (variable == null || !Selector.CONV.equals(variable.head()) || variable.path().length != 1) {
        validation.error(field + ".variable", "must be a conversation variable: conv.<name>");
      } else {
        type = validation.typeOf(variable.text());
        if (type.isEmpty()) {
          validation.error(field + ".variable", "unknown conversation variable " + variable.path()[0]);
        }
      }
      String mode = a.path("mode").asString("set");
      if (!List.of("set", "append", "clear").contains(mode)) {
        validation.error(field + ".mode", "must be set, append or clear");
      }
      if (mode.equals("append") && type.isPresent() && !type.get().isArray() && type.get() != VarType.ANY) {
        validation.error(field + ".mode", "append needs an array variable, " + variable.text() + " is "
            + type.get().wire());
      }
      if (!mode.equals("clear") && (a.path("value").isMissingNode())) {
        validation.error(field + ".value", "is required for " + mode);
      }
      Optional<VarType> declared = type;
      valueType(a.path("value"), validation).ifPresent(actual -> {
        if (mode.equals("set") && declared.filter(t -> !t.accepts(actual)).isPresent()) {
          validation.error(field + ".value", "is " + actual.wire() + ", the variable is " + declared.get().wire());
        }
      });
    }
  }

  private static Optional<VarType> valueType(JsonNode value, Validation validation) {
    return value.isString() && Configs.isReference(value.asString())
        ? validation.typeOf(Selector.strip(value.asString())) : Optional.empty();
  }

  @Override
  public NodeResult execute(NodeContext context) {
    for (JsonNode a : Configs.array(context.node(), "assignments")) {
      String name = Selector.parse(a.path("variable").asString()).path()[0];
      String mode = a.path("mode").asString("set");
      Object current = context.value("conv." + name);
      Object value = context.resolve(a.get("value"));
      context.setConversationVariable(name, switch (mode) {
        case "append" -> append(current, value);
        case "clear" -> cleared(current);
        default -> value;
      });
    }
    return NodeResult.of(Map.of());
  }

  private static List<Object> append(Object current, Object value) {
    List<Object> list = current instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
    if (value instanceof List<?> more) {
      list.addAll(more);
    } else {
      list.add(value);
    }
    return list;
  }

  private static Object cleared(Object current) {
    if (current instanceof List) {
      return List.of();
    }
    if (current instanceof Map) {
      return new LinkedHashMap<>();
    }
    return current instanceof String ? "" : null;
  }
}
