package io.jingzhi.agent.run.node;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.definition.VariableSpec;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Validation;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code human_input}: pauses the run and asks a person: {@code prompt} (may hold references) and {@code fields}
 * (variable specs: name, type, label, required, options, max_length). The run is stored waiting with the engine's
 * state; {@code POST /runs/{id}/input} checks the values against the fields and resumes, the values becoming this
 * node's outputs by field name.
 */
@Component
public class HumanInputNode implements NodeExecutor {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final JsonMapper json;

  public HumanInputNode(JsonMapper json) {
    this.json = json;
  }

  @Override
  public String type() {
    return "human_input";
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    Map<String, VarType> out = new LinkedHashMap<>();
    for (VariableSpec f : fields(node)) {
      if (f.name() != null) {
        out.put(f.name(), f.type() == null ? VarType.STRING : f.type());
      }
    }
    return out;
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    JsonNode c = node.config();
    JsonNode prompt = c == null ? null : c.get("prompt");
    if (prompt != null && !prompt.isNull() && !prompt.isString()) {
      validation.error("config.prompt", "must be text");
    }
    JsonNode fields = c == null ? null : c.get("fields");
    if (fields == null || !fields.isArray() || fields.isEmpty()) {
      validation.error("config.fields", "must list at least one field to fill in");
      return;
    }
    List<VariableSpec> specs;
    try {
      specs = fields(node);
    } catch (RuntimeException e) {
      validation.error("config.fields", "each field needs a name and a known type: " + e.getMessage());
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      String name = specs.get(i).name();
      if (name == null || !NAME.matcher(name).matches()) {
        validation.error("config.fields[" + i + "].name", "must match [a-z][a-z0-9_]*");
      } else if (!seen.add(name)) {
        validation.error("config.fields[" + i + "].name", "is used twice");
      }
    }
  }

  @Override
  public NodeResult execute(NodeContext context) {
    ObjectNode form = json.createObjectNode();
    JsonNode prompt = context.config().get("prompt");
    form.put("prompt", prompt == null || prompt.isNull() ? "" : context.render(prompt.asString()));
    form.set("fields", context.config().get("fields"));
    return NodeResult.waiting(form);
  }

  private List<VariableSpec> fields(NodeSpec node) {
    JsonNode fields = node.config() == null ? null : node.config().get("fields");
    if (fields == null || !fields.isArray()) {
      return List.of();
    }
    return json.readerFor(VariableSpec[].class).without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .<VariableSpec[]>readValue(fields) instanceof VariableSpec[] specs ? List.of(specs) : List.of();
  }
}
