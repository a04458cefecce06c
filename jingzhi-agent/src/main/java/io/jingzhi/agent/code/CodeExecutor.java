package io.jingzhi.agent.code;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Validation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code code} node: JavaScript written by the app's builder, run in the {@link CodeSandbox}. Config:
 * {@code language} ({@code javascript}), {@code code} (defines {@code function main(inputs)} returning an object),
 * {@code inputs} ({@code {name: value or {{reference}}}}), {@code outputs} ({@code {name: type}}). The object
 * {@code main} returns must carry every declared output with its type.
 */
@Component
public class CodeExecutor implements NodeExecutor {

  static final int MAX_CODE_CHARS = 64 * 1024;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  private final CodeSandbox sandbox;
  private final JsonMapper json;

  public CodeExecutor(CodeSandbox sandbox, JsonMapper json) {
    this.sandbox = sandbox;
    this.json = json;
  }

  @Override
  public String type() {
    return "code";
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    Map<String, VarType> outputs = new LinkedHashMap<>();
    JsonNode declared = node.config() == null ? null : node.config().get("outputs");
    if (declared != null && declared.isObject()) {
      for (var entry : declared.properties()) {
        outputs.put(entry.getKey(), parseType(entry.getValue()));
      }
    }
    return outputs;
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    JsonNode config = node.config();
    String language = config == null ? "" : config.path("language").asString("javascript");
    if (!language.equals("javascript")) {
      validation.error("config.language", "only javascript is supported");
    }
    String code = config == null ? "" : config.path("code").asString("");
    if (code.isBlank()) {
      validation.error("config.code", "the code is empty; define function main(inputs)");
    } else if (code.length() > MAX_CODE_CHARS) {
      validation.error("config.code", "the code is longer than " + MAX_CODE_CHARS + " characters");
    } else {
      sandbox.syntaxError(code).ifPresent(message -> validation.error("config.code", message));
    }
    JsonNode inputs = config == null ? null : config.get("inputs");
    if (inputs != null && !inputs.isObject()) {
      validation.error("config.inputs", "inputs must be an object of name: value");
    } else if (inputs != null) {
      inputs.propertyNames().forEach(name -> {
        if (!NAME.matcher(name).matches()) {
          validation.error("config.inputs." + name, "an input name is a letter or _ followed by letters, digits or _");
        }
      });
    }
    JsonNode outputs = config == null ? null : config.get("outputs");
    if (outputs == null || !outputs.isObject() || outputs.isEmpty()) {
      validation.error("config.outputs", "declare at least one output as name: type");
      return;
    }
    for (var entry : outputs.properties()) {
      if (!NAME.matcher(entry.getKey()).matches()) {
        validation.error("config.outputs." + entry.getKey(), "an output name is a letter or _ followed by letters,"
            + " digits or _");
      }
      try {
        VarType.parse(entry.getValue().asString(""));
      } catch (IllegalArgumentException e) {
        validation.error("config.outputs." + entry.getKey(), "unknown type " + entry.getValue().asString(""));
      }
    }
  }

  @Override
  public NodeResult execute(NodeContext context) {
    JsonNode config = context.config();
    Map<String, Object> inputs = new LinkedHashMap<>();
    JsonNode declared = config.get("inputs");
    if (declared != null && declared.isObject()) {
      for (var entry : declared.properties()) {
        inputs.put(entry.getKey(), context.resolve(entry.getValue()));
      }
    }
    CodeSandbox.Outcome outcome = sandbox.run(config.path("code").asString(""), json.writeValueAsString(inputs),
        context.timeLeft());
    Map<String, Object> outputs = checkedOutputs(outcome.json(), outputs(context.node()));
    Map<String, Object> details = Map.of("elapsed_us", outcome.elapsedMicros(),
        "allocated_bytes", outcome.allocatedBytes());
    return NodeResult.of(outputs).withDetails(details);
  }

  private Map<String, Object> checkedOutputs(String resultJson, Map<String, VarType> types) {
    Object result;
    try {
      result = json.readValue(resultJson, Object.class);
    } catch (JacksonException e) {
      throw new NodeFailure("code.invalid_result", "main returned a value that is not JSON", false);
    }
    if (!(result instanceof Map<?, ?> map)) {
      throw new NodeFailure("code.invalid_result", "main must return an object with the declared outputs", false);
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    types.forEach((name, type) -> {
      Object value = map.get(name);
      if (value != null && !fits(type, value)) {
        throw new NodeFailure("code.invalid_result", "output " + name + " is declared " + type.wire()
            + " but main returned " + describe(value), false);
      }
      outputs.put(name, value);
    });
    return outputs;
  }

  static boolean fits(VarType type, Object value) {
    return switch (type) {
      case STRING, SECRET -> value instanceof String;
      case NUMBER -> value instanceof Number;
      case BOOLEAN -> value instanceof Boolean;
      case OBJECT -> value instanceof Map;
      case ARRAY_STRING -> value instanceof List<?> l && l.stream().allMatch(v -> v == null || v instanceof String);
      case ARRAY_NUMBER -> value instanceof List<?> l && l.stream().allMatch(v -> v == null || v instanceof Number);
      case ARRAY_OBJECT -> value instanceof List<?> l && l.stream().allMatch(v -> v == null || v instanceof Map);
      case ARRAY_ANY -> value instanceof List;
      case ANY -> true;
    };
  }

  private static String describe(Object value) {
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    return value instanceof List ? "an array" : "an object";
  }

  private static VarType parseType(JsonNode type) {
    try {
      return VarType.parse(type.asString("any"));
    } catch (IllegalArgumentException e) {
      return VarType.ANY;
    }
  }
}
