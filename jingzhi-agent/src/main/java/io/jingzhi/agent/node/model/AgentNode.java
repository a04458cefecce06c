package io.jingzhi.agent.node.model;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.TokenUsage;
import io.jingzhi.agent.engine.Validation;
import io.jingzhi.agent.mcp.McpCallFailed;
import io.jingzhi.agent.mcp.McpTools;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.gateway.api.ChatReply;
import io.jingzhi.gateway.api.ChatRequest;
import io.jingzhi.gateway.api.ModelCallFailed;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.gateway.api.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code agent} node: a model that may call tools, in a loop (function calling). Config: {@code model},
 * {@code system}, {@code prompt} (templates), {@code tools[]: {kind: mcp, server, tool}}, {@code max_iterations}
 * (model turns that may call tools, default 5), {@code temperature}. Each turn the model either answers (the loop
 * ends) or asks for tool calls, which run through {@link McpTools} as the run's caller and go back to it as
 * results; a tool that fails is reported to the model as an error result (it may try another way) rather than
 * failing the node. When the turns are used up the model is asked once more, without tools, for its answer.
 * Outputs {@code text} and {@code steps} (every call with its arguments and result, also in the trace).
 */
@Component
public class AgentNode implements NodeExecutor {

  static final String TYPE = "agent";
  static final int DEFAULT_ITERATIONS = 5;
  static final int MAX_ITERATIONS = 20;
  /** Longest tool result handed back to the model; the rest is cut (and said so). */
  static final int MAX_RESULT_CHARS = 20_000;

  private final ModelClient models;
  private final McpTools mcp;
  private final JsonMapper json;
  private final Duration toolTimeout;

  public AgentNode(ModelClient models, McpTools mcp, JsonMapper json, AgentProperties properties) {
    this.models = models;
    this.mcp = mcp;
    this.json = json;
    this.toolTimeout = properties.mcp().requestTimeout();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    Map<String, VarType> out = new LinkedHashMap<>();
    out.put("text", VarType.STRING);
    out.put("steps", VarType.ARRAY_OBJECT);
    return out;
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    JsonNode c = node.config();
    ModelNodeSupport.requireText(c, "model", validation);
    ModelNodeSupport.requireText(c, "prompt", validation);
    ModelNodeSupport.checkNumber(c, "max_iterations", 1, MAX_ITERATIONS, validation);
    ModelNodeSupport.checkNumber(c, "temperature", 0, 2, validation);
    JsonNode tools = c == null ? null : c.get("tools");
    if (tools == null || tools.isNull()) {
      return;
    }
    if (!tools.isArray()) {
      validation.error("config.tools", "must be a list of {kind: mcp, server, tool}");
      return;
    }
    for (int i = 0; i < tools.size(); i++) {
      JsonNode t = tools.get(i);
      String at = "config.tools[" + i + "]";
      if (!"mcp".equals(t.path("kind").asString("mcp"))) {
        validation.error(at + ".kind", "must be mcp");
      }
      if (t.path("server").asString("").isBlank() && !t.path("server").isIntegralNumber()) {
        validation.error(at + ".server", "required: the MCP server's name or id");
      }
      if (t.path("tool").asString("").isBlank()) {
        validation.error(at + ".tool", "required: the tool's name");
      }
    }
  }

  @Override
  public NodeResult execute(NodeContext context) {
    String model = ModelNodeSupport.text(context, "model");
    String prompt = ModelNodeSupport.text(context, "prompt");
    if (model == null || prompt == null) {
      throw new NodeFailure("agent.bad_config", "config.model and config.prompt must not be empty", false);
    }
    Integer configured = ModelNodeSupport.integer(context, "max_iterations", TYPE);
    int iterations = Math.max(1, Math.min(MAX_ITERATIONS, configured == null ? DEFAULT_ITERATIONS : configured));
    AgentTools tools = AgentTools.load(context, mcp, json);
    Double temperature = ModelNodeSupport.number(context, "temperature", TYPE);
    List<ChatRequest.Message> messages = new ArrayList<>();
    String system = ModelNodeSupport.text(context, "system");
    if (system != null) {
      messages.add(new ChatRequest.Message("system", system));
    }
    messages.add(new ChatRequest.Message("user", prompt));
    List<Map<String, Object>> steps = new ArrayList<>();
    TokenUsage usage = TokenUsage.NONE;
    ChatReply reply = null;
    int turn = 0;
    boolean exhausted = false;
    while (true) {
      boolean offerTools = !tools.isEmpty() && turn < iterations;
      exhausted = !tools.isEmpty() && turn >= iterations;
      reply = call(context, new ChatRequest(model, messages, temperature, null, false,
          offerTools ? tools.functions() : null, null));
      usage = usage.plus(ModelNodeSupport.usage(reply));
      turn++;
      if (!offerTools || reply.toolCalls().isEmpty()) {
        break;
      }
      messages.add(ChatRequest.Message.assistantCalls(reply.content() == null || reply.content().isEmpty() ? null
          : reply.content(),
          reply.toolCalls()));
      for (ToolCall call : reply.toolCalls()) {
        Map<String, Object> step = run(context, tools, call, turn);
        steps.add(step);
        messages.add(ChatRequest.Message.toolResult(call.id(), forModel(step)));
      }
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("text", reply.content());
    outputs.put("steps", steps);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("model", reply.model());
    details.put("finish_reason", reply.finishReason());
    details.put("model_calls", turn);
    details.put("max_iterations_reached", exhausted);
    details.put("tool_calls", steps);
    return NodeResult.of(outputs).withUsage(usage).withDetails(details);
  }

  private ChatReply call(NodeContext context, ChatRequest request) {
    try {
      return models.chatStream(context.caller(), request, ModelNodeSupport.emitter(context, TYPE));
    } catch (ModelCallFailed e) {
      throw ModelNodeSupport.failure(TYPE, e);
    }
  }

  /** Runs one tool call; its outcome, whatever it is, becomes a step. */
  private Map<String, Object> run(NodeContext context, AgentTools tools, ToolCall call, int turn) {
    if (context.cancelled()) {
      throw new NodeFailure("agent.cancelled", "the run was cancelled", false);
    }
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("turn", turn);
    step.put("call_id", call.id());
    step.put("function", call.name());
    AgentTools.Binding binding = tools.byFunction(call.name());
    Map<String, Object> arguments = ModelNodeSupport.jsonObject(json, call.arguments().isBlank() ? "{}"
        : call.arguments());
    step.put("server", binding == null ? null : binding.server());
    step.put("tool", binding == null ? null : binding.tool());
    step.put("arguments", arguments != null ? arguments : call.arguments());
    long t0 = System.nanoTime();
    if (binding == null) {
      return error(step, "no such tool: " + call.name());
    }
    if (arguments == null) {
      return error(step, "the arguments are not a JSON object: " + call.arguments());
    }
    Duration left = context.timeLeft();
    Duration timeout = left != null && left.compareTo(toolTimeout) < 0 ? left : toolTimeout;
    try {
      McpTools.Result result = mcp.call(context.caller(), binding.server(), binding.tool(), arguments, timeout);
      step.put("result", result.text());
      step.put("structured", result.structured());
      step.put("error", result.error());
    } catch (ApiException | McpCallFailed e) {
      error(step, e.getMessage());
    }
    step.put("elapsed_ms", (System.nanoTime() - t0) / 1_000_000);
    return step;
  }

  private static Map<String, Object> error(Map<String, Object> step, String message) {
    step.put("result", message);
    step.put("error", true);
    return step;
  }

  private String forModel(Map<String, Object> step) {
    String text = step.get("result") == null ? "" : String.valueOf(step.get("result"));
    if (text.length() > MAX_RESULT_CHARS) {
      text = text.substring(0, MAX_RESULT_CHARS) + "\n…(truncated)";
    }
    return Boolean.TRUE.equals(step.get("error")) ? "ERROR: " + text : text;
  }
}
