package io.jingzhi.agent.node.control;

import io.jingzhi.agent.definition.InputChecker;
import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.definition.VariableSpec;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Validation;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code start}: declares the run's inputs ({@code config.inputs[]}, each a variable: name, type, label, required,
 * default, options, max_length) and checks the given ones; its outputs are the inputs, typed. Bad input fails the
 * run with {@code start.invalid_input} naming the input.
 */
@Component
public class StartNode implements NodeExecutor {

  public static final String TYPE = "start";

  /** Longest text of a string input that declares no {@code max_length} (request bodies are bounded anyway). */
  public static final int DEFAULT_MAX_LENGTH = 100_000;

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    Map<String, VarType> outputs = new LinkedHashMap<>();
    for (VariableSpec input : inputs(node)) {
      outputs.put(input.name(), input.type() == null ? VarType.STRING : input.type());
    }
    return outputs;
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    List<VariableSpec> inputs;
    try {
      inputs = inputs(node);
    } catch (InputChecker.InvalidInput e) {
      validation.error("config.inputs", e.getMessage());
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      VariableSpec input = inputs.get(i);
      String field = "config.inputs[" + i + "]";
      if (input.name() == null || !input.name().matches("[A-Za-z_][A-Za-z0-9_]*")) {
        validation.error(field + ".name", "must be a name of letters, digits and _");
      } else if (!names.add(input.name())) {
        validation.error(field + ".name", "duplicate input " + input.name());
      }
      if (input.maxLength() != null && input.maxLength() < 1) {
        validation.error(field + ".max_length", "must be at least 1");
      }
      if (!input.options().isEmpty() && input.type() != null && input.type() != VarType.STRING
          && input.type() != VarType.ARRAY_STRING) {
        validation.error(field + ".options", "options are for string inputs");
      }
    }
  }

  @Override
  public NodeResult execute(NodeContext context) {
    try {
      return NodeResult.of(InputChecker.check(inputs(context.node()), context.inputs(), DEFAULT_MAX_LENGTH));
    } catch (InputChecker.InvalidInput e) {
      throw new NodeFailure("start.invalid_input", e.getMessage(), false);
    }
  }

  static List<VariableSpec> inputs(NodeSpec node) {
    return InputChecker.fields(Configs.field(node, "inputs"));
  }
}
