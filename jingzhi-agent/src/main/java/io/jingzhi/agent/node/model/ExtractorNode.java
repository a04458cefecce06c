package io.jingzhi.agent.node.model;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Validation;
import io.jingzhi.gateway.api.ChatReply;
import io.jingzhi.gateway.api.ChatRequest;
import io.jingzhi.gateway.api.ModelCallFailed;
import io.jingzhi.gateway.api.ModelClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code extractor} node (parameter extractor): asks a model in JSON mode for the values of the configured
 * parameters found in a text. Config: {@code model}, {@code query} (template), {@code parameters[]: {name, type,
 * description, required}}, {@code instructions}. Each parameter is an output of its declared type (the model's
 * value coerced: {@code "12"} for a number, {@code "是"} for a boolean ...; a value that cannot be coerced counts
 * as absent); {@code missing} lists the required parameters the text did not give.
 */
@Component
public class ExtractorNode implements NodeExecutor {

  static final String TYPE = "extractor";
  static final Set<VarType> TYPES = Set.of(VarType.STRING, VarType.NUMBER, VarType.BOOLEAN, VarType.OBJECT,
      VarType.ARRAY_STRING, VarType.ARRAY_NUMBER, VarType.ARRAY_OBJECT);
  static final int MAX_PARAMETERS = 50;

  private final ModelClient models;
  private final JsonMapper json;

  public ExtractorNode(ModelClient models, JsonMapper json) {
    this.models = models;
    this.json = json;
  }

  /** One parameter as configured. */
  record Parameter(String name, VarType type, String description, boolean required) {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    Map<String, VarType> out = new LinkedHashMap<>();
    parameters(node.config()).forEach(p -> out.put(p.name(), p.type()));
    out.put("missing", VarType.ARRAY_STRING);
    return out;
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    JsonNode c = node.config();
    ModelNodeSupport.requireText(c, "model", validation);
    ModelNodeSupport.requireText(c, "query", validation);
    JsonNode params = c == null ? null : c.get("parameters");
    if (params == null || !params.isArray() || params.isEmpty()) {
      validation.error("config.parameters", "list at least one parameter {name, type, description, required}");
      return;
    }
    if (params.size() > MAX_PARAMETERS) {
      validation.error("config.parameters", "at most " + MAX_PARAMETERS + " parameters");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < params.size(); i++) {
      JsonNode p = params.get(i);
      String name = p.path("name").asString("");
      String at = "config.parameters[" + i + "]";
      if (!name.matches("[a-z][a-z0-9_]{0,63}")) {
        validation.error(at + ".name", "required: [a-z][a-z0-9_]*, at most 64 characters");
      } else if (name.equals("missing") || !seen.add(name)) {
        validation.error(at + ".name", name.equals("missing") ? "'missing' is an output of the node" : "appears twice");
      }
      if (type(p.path("type").asString("string")) == null) {
        validation.error(at + ".type", "must be one of string, number, boolean, object, array[string],"
            + " array[number], array[object]");
      }
      if (p.has("required") && !p.get("required").isBoolean()) {
        validation.error(at + ".required", "must be true or false");
      }
    }
  }

  private static VarType type(String wire) {
    try {
      VarType t = VarType.parse(wire);
      return TYPES.contains(t) ? t : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static List<Parameter> parameters(JsonNode config) {
    List<Parameter> out = new ArrayList<>();
    if (config != null) {
      for (JsonNode p : config.path("parameters")) {
        VarType t = type(p.path("type").asString("string"));
        if (!p.path("name").asString("").isBlank() && t != null) {
          out.add(new Parameter(p.path("name").asString(), t, p.path("description").asString(""),
              p.path("required").asBoolean(false)));
        }
      }
    }
    return out;
  }

  @Override
  public NodeResult execute(NodeContext context) {
    List<Parameter> params = parameters(context.config());
    String model = ModelNodeSupport.text(context, "model");
    if (params.isEmpty() || model == null) {
      throw new NodeFailure("extractor.bad_config", "config.model and config.parameters must not be empty", false);
    }
    String query = ModelNodeSupport.text(context, "query");
    ChatRequest request = new ChatRequest(model, List.of(
        new ChatRequest.Message("system", system(params, ModelNodeSupport.text(context, "instructions"))),
        new ChatRequest.Message("user", query == null ? "" : query)), 0.0, null, true);
    ChatReply reply;
    try {
      reply = models.chat(context.caller(), request);
    } catch (ModelCallFailed e) {
      throw ModelNodeSupport.failure(TYPE, e);
    }
    Map<String, Object> answer = ModelNodeSupport.jsonObject(json, reply.content());
    if (answer == null && !ModelNodeSupport.CONTENT_FILTER.equals(reply.finishReason())) {
      throw new NodeFailure("extractor.invalid_json", "the model did not answer with a JSON object", true);
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (Parameter p : params) {
      Object value = Coercion.to(p.type(), answer == null ? null : answer.get(p.name()));
      outputs.put(p.name(), value);
      if (value == null && p.required()) {
        missing.add(p.name());
      }
    }
    outputs.put("missing", missing);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("model", reply.model());
    details.put("finish_reason", reply.finishReason());
    details.put("answer", reply.content());
    return NodeResult.of(outputs).withUsage(ModelNodeSupport.usage(reply)).withDetails(details);
  }

  private static String system(List<Parameter> params, String instructions) {
    StringBuilder s = new StringBuilder("你是参数提取器。请从用户的文本中提取下列参数，只回答一个 JSON 对象，"
        + "键为参数名；文本中没有的参数取 null，不要编造。\n参数：\n");
    for (Parameter p : params) {
      s.append("- ").append(p.name()).append("（").append(p.type().wire()).append(p.required() ? "，必填" : "")
          .append("）");
      if (!p.description().isBlank()) {
        s.append("：").append(p.description());
      }
      s.append('\n');
    }
    if (instructions != null) {
      s.append("补充要求：").append(instructions).append('\n');
    }
    return s.toString();
  }
}
