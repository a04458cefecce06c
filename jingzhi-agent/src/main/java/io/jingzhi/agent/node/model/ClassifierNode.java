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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code classifier} node (question classifier): asks a model in JSON mode which of the configured classes a
 * query belongs to and leaves by that class's exit. Config: {@code model}, {@code query} (template),
 * {@code classes[]: {id, name, description}}, {@code instructions}. An answer that names no class (by id or name)
 * takes the first class, and the trace says {@code fallback: true}: a router must always route.
 */
@Component
public class ClassifierNode implements NodeExecutor {

  static final String TYPE = "classifier";
  static final int MAX_CLASSES = 50;

  private final ModelClient models;
  private final JsonMapper json;

  public ClassifierNode(ModelClient models, JsonMapper json) {
    this.models = models;
    this.json = json;
  }

  /** One class as configured. */
  record Category(String id, String name, String description) {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    return Map.of("class_id", VarType.STRING, "class_name", VarType.STRING);
  }

  @Override
  public Set<String> handles(NodeSpec node) {
    Set<String> ids = new LinkedHashSet<>();
    classes(node.config()).forEach(c -> ids.add(c.id()));
    return ids;
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    JsonNode c = node.config();
    ModelNodeSupport.requireText(c, "model", validation);
    ModelNodeSupport.requireText(c, "query", validation);
    JsonNode classes = c == null ? null : c.get("classes");
    if (classes == null || !classes.isArray() || classes.isEmpty()) {
      validation.error("config.classes", "list at least one class {id, name, description}");
      return;
    }
    if (classes.size() > MAX_CLASSES) {
      validation.error("config.classes", "at most " + MAX_CLASSES + " classes");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < classes.size(); i++) {
      JsonNode k = classes.get(i);
      String id = k.path("id").asString("");
      if (!id.matches("[A-Za-z0-9_\\-]{1,64}")) {
        validation.error("config.classes[" + i + "].id", "required: letters, digits, _ or -, at most 64");
      } else if (id.equals("error") || !seen.add(id)) {
        validation.error("config.classes[" + i + "].id", id.equals("error") ? "'error' is the failure exit"
            : "appears twice");
      }
      if (k.path("name").asString("").isBlank()) {
        validation.error("config.classes[" + i + "].name", "required");
      }
    }
  }

  static List<Category> classes(JsonNode config) {
    List<Category> out = new ArrayList<>();
    if (config != null) {
      for (JsonNode k : config.path("classes")) {
        out.add(new Category(k.path("id").asString(""), k.path("name").asString(""),
            k.path("description").asString("")));
      }
    }
    return out;
  }

  @Override
  public NodeResult execute(NodeContext context) {
    List<Category> classes = classes(context.config());
    String model = ModelNodeSupport.text(context, "model");
    if (classes.isEmpty() || model == null) {
      throw new NodeFailure("classifier.bad_config", "config.model and config.classes must not be empty", false);
    }
    String query = ModelNodeSupport.text(context, "query");
    ChatRequest request = new ChatRequest(model, List.of(
        new ChatRequest.Message("system", system(classes, ModelNodeSupport.text(context, "instructions"))),
        new ChatRequest.Message("user", query == null ? "" : query)), 0.0, 200, true);
    ChatReply reply;
    try {
      reply = models.chat(context.caller(), request);
    } catch (ModelCallFailed e) {
      throw ModelNodeSupport.failure(TYPE, e);
    }
    Category chosen = choose(classes, ModelNodeSupport.jsonObject(json, reply.content()), reply.content());
    boolean fallback = chosen == null;
    if (fallback) {
      chosen = classes.getFirst();
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("class_id", chosen.id());
    outputs.put("class_name", chosen.name());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("model", reply.model());
    details.put("answer", reply.content());
    details.put("fallback", fallback);
    return NodeResult.branch(chosen.id(), outputs).withUsage(ModelNodeSupport.usage(reply)).withDetails(details);
  }

  /** The class the answer names: {@code class_id} (or {@code id}) by id, else by name; null when none. */
  static Category choose(List<Category> classes, Map<String, Object> answer, String raw) {
    List<String> said = new ArrayList<>();
    if (answer != null) {
      for (String key : List.of("class_id", "id", "class", "class_name", "name", "category")) {
        if (answer.get(key) != null) {
          said.add(String.valueOf(answer.get(key)).strip());
        }
      }
    } else if (raw != null) {
      said.add(raw.strip());
    }
    for (String s : said) {
      for (Category c : classes) {
        if (c.id().equalsIgnoreCase(s)) {
          return c;
        }
      }
    }
    for (String s : said) {
      for (Category c : classes) {
        if (c.name().equals(s)) {
          return c;
        }
      }
    }
    return null;
  }

  private static String system(List<Category> classes, String instructions) {
    StringBuilder s = new StringBuilder("你是问题分类器。请判断用户的问题属于下列哪一类，只回答一个 JSON 对象："
        + "{\"class_id\": \"<类别 id>\"}，不要输出其他内容。\n类别：\n");
    for (Category c : classes) {
      s.append("- id: ").append(c.id()).append("；名称：").append(c.name());
      if (!c.description().isBlank()) {
        s.append("；说明：").append(c.description());
      }
      s.append('\n');
    }
    if (instructions != null) {
      s.append("补充要求：").append(instructions).append('\n');
    }
    return s.toString();
  }
}
