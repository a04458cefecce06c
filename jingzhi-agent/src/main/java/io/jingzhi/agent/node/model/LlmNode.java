package io.jingzhi.agent.node.model;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.RunInfo;
import io.jingzhi.agent.engine.Validation;
import io.jingzhi.gateway.api.ChatReply;
import io.jingzhi.gateway.api.ChatRequest;
import io.jingzhi.gateway.api.ModelCallFailed;
import io.jingzhi.gateway.api.ModelClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code llm} node: one chat completion through the gateway as the run's caller, streamed (its tokens reach an
 * answer node that forwards {@code {{<id>.text}}} as they come). Config: {@code model}, {@code system} and
 * {@code prompt} (templates; the prompt is the user message), {@code memory: {turns}} (earlier turns of the
 * conversation), {@code temperature}, {@code max_tokens}, {@code json} (JSON mode: the answer is also parsed into
 * the {@code json} output). A guard refusal is an answer, not a failure: {@code text} is the refusal and the trace
 * says {@code finish_reason: content_filter}.
 */
@Component
public class LlmNode implements NodeExecutor {

  static final String TYPE = "llm";
  /** Most earlier turns a node may replay. */
  static final int MAX_TURNS = 50;

  private final ModelClient models;
  private final JsonMapper json;

  public LlmNode(ModelClient models, JsonMapper json) {
    this.models = models;
    this.json = json;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    Map<String, VarType> out = new LinkedHashMap<>();
    out.put("text", VarType.STRING);
    if (node.config() != null && node.config().path("json").asBoolean(false)) {
      out.put("json", VarType.OBJECT);
    }
    return out;
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    JsonNode c = node.config();
    ModelNodeSupport.requireText(c, "model", validation);
    ModelNodeSupport.requireText(c, "prompt", validation);
    if (c == null) {
      return;
    }
    if (c.has("system") && !c.get("system").isNull() && !c.get("system").isString()) {
      validation.error("config.system", "must be a string");
    }
    ModelNodeSupport.checkNumber(c, "temperature", 0, 2, validation);
    ModelNodeSupport.checkNumber(c, "max_tokens", 1, 1_000_000, validation);
    JsonNode memory = c.get("memory");
    if (memory != null && !memory.isNull()) {
      if (!memory.isObject()) {
        validation.error("config.memory", "must be an object {turns}");
      } else {
        ModelNodeSupport.checkNumber(memory, "turns", 0, MAX_TURNS, fieldsUnder("memory.", validation));
      }
    }
    if (c.has("json") && !c.get("json").isBoolean()) {
      validation.error("config.json", "must be true or false");
    }
  }

  /** Reports the problems of a nested object under its parent's field name. */
  static Validation fieldsUnder(String prefix, Validation validation) {
    return new Validation() {
      @Override
      public void error(String field, String message) {
        validation.error(field.replaceFirst("^config\\.", "config." + prefix), message);
      }

      @Override
      public java.util.Optional<VarType> typeOf(String selector) {
        return validation.typeOf(selector);
      }
    };
  }

  @Override
  public NodeResult execute(NodeContext context) {
    String model = ModelNodeSupport.text(context, "model");
    String prompt = ModelNodeSupport.text(context, "prompt");
    if (model == null || prompt == null) {
      throw new NodeFailure("llm.bad_config", "config.model and config.prompt must not be empty", false);
    }
    boolean jsonMode = context.config().path("json").asBoolean(false);
    List<ChatRequest.Message> messages = new ArrayList<>();
    String system = ModelNodeSupport.text(context, "system");
    if (system != null) {
      messages.add(new ChatRequest.Message("system", system));
    }
    messages.addAll(memory(context.run(), context.config().path("memory").path("turns").asInt(0)));
    messages.add(new ChatRequest.Message("user", prompt));
    ChatRequest request = new ChatRequest(model, messages, ModelNodeSupport.number(context, "temperature", TYPE),
        ModelNodeSupport.integer(context, "max_tokens", TYPE), jsonMode);
    ChatReply reply;
    try {
      reply = models.chatStream(context.caller(), request, ModelNodeSupport.emitter(context, TYPE));
    } catch (ModelCallFailed e) {
      throw ModelNodeSupport.failure(TYPE, e);
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("text", reply.content());
    boolean refused = ModelNodeSupport.CONTENT_FILTER.equals(reply.finishReason());
    if (jsonMode) {
      Map<String, Object> parsed = refused ? Map.of() : ModelNodeSupport.jsonObject(json, reply.content());
      if (parsed == null) {
        throw new NodeFailure("llm.invalid_json", "the model did not answer with a JSON object", true);
      }
      outputs.put("json", parsed);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("model", reply.model());
    details.put("finish_reason", reply.finishReason());
    details.put("messages", messages.size());
    return NodeResult.of(outputs).withUsage(ModelNodeSupport.usage(reply)).withDetails(details);
  }

  /** The last {@code turns} turns of the conversation as user/assistant messages, oldest first. */
  static List<ChatRequest.Message> memory(RunInfo run, int turns) {
    List<RunInfo.Turn> history = run.history();
    int n = Math.max(0, Math.min(Math.min(turns, MAX_TURNS), history.size()));
    List<ChatRequest.Message> messages = new ArrayList<>(2 * n);
    for (RunInfo.Turn turn : history.subList(history.size() - n, history.size())) {
      if (turn.query() != null) {
        messages.add(new ChatRequest.Message("user", turn.query()));
      }
      if (turn.answer() != null) {
        messages.add(new ChatRequest.Message("assistant", turn.answer()));
      }
    }
    return messages;
  }
}
