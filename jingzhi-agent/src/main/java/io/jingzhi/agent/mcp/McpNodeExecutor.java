package io.jingzhi.agent.mcp;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Validation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The {@code mcp} node: calls one tool of a registered MCP server. Config: {@code server} (name or id),
 * {@code tool}, {@code arguments} (an object whose values may be references), {@code fail_on_tool_error}
 * (default true: a result the tool flags as an error fails the node with {@code mcp.tool_error}; false: the node
 * succeeds with {@code is_error} true). Outputs {@code text}, {@code content}, {@code structured},
 * {@code is_error}. Transport failures and timeouts are retryable; refused arguments and tool errors are not.
 */
@Component
public class McpNodeExecutor implements NodeExecutor {

  private static final Map<String, VarType> OUTPUTS = Map.of("text", VarType.STRING, "content",
      VarType.ARRAY_OBJECT, "structured", VarType.ANY, "is_error", VarType.BOOLEAN);

  private final McpTools tools;

  public McpNodeExecutor(McpTools tools) {
    this.tools = tools;
  }

  @Override
  public String type() {
    return "mcp";
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    return OUTPUTS;
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    JsonNode config = node.config();
    if (config == null || !config.isObject()) {
      validation.error("config", "required: server, tool and arguments");
      return;
    }
    requiredText(config, "server", validation);
    requiredText(config, "tool", validation);
    JsonNode args = config.get("arguments");
    if (args != null && !args.isNull() && !args.isObject() && !isReference(args)) {
      validation.error("config.arguments", "an object of argument names and values");
    }
    JsonNode fail = config.get("fail_on_tool_error");
    if (fail != null && !fail.isNull() && !fail.isBoolean()) {
      validation.error("config.fail_on_tool_error", "true or false");
    }
  }

  @Override
  public NodeResult execute(NodeContext context) {
    String server = text(context.resolve("server"), "server");
    String tool = text(context.resolve("tool"), "tool");
    Map<String, Object> arguments = arguments(context.resolve("arguments"));
    JsonNode fail = context.config().get("fail_on_tool_error");
    boolean failOnToolError = fail == null || !fail.isBoolean() || fail.asBoolean();
    if (context.cancelled()) {
      throw new NodeFailure("mcp.cancelled", "the run was cancelled", false);
    }
    McpTools.Result result;
    long started = System.nanoTime();
    try {
      result = tools.call(context.caller(), server, tool, arguments, context.timeLeft());
    } catch (McpCallFailed e) {
      throw new NodeFailure(e.code(), e.getMessage(), e.retryable(), e);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("server", server);
    details.put("tool", tool);
    details.put("elapsed_ms", (System.nanoTime() - started) / 1_000_000);
    if (result.error() && failOnToolError) {
      throw new NodeFailure("mcp.tool_error", "tool " + tool + " reported an error: " + abbreviate(result.text()),
          false);
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("text", result.text());
    outputs.put("content", result.content());
    outputs.put("structured", result.structured());
    outputs.put("is_error", result.error());
    return NodeResult.of(outputs).withDetails(details);
  }

  private static void requiredText(JsonNode config, String field, Validation validation) {
    JsonNode value = config.get(field);
    if (value == null || !value.isString() || value.asString().isBlank()) {
      validation.error("config." + field, "required");
    }
  }

  private static boolean isReference(JsonNode node) {
    return node.isString() && node.asString().strip().startsWith("{{");
  }

  private static String text(Object value, String field) {
    if (value == null || String.valueOf(value).isBlank()) {
      throw new NodeFailure("mcp.invalid_config", field + " resolved to nothing", false);
    }
    return String.valueOf(value).strip();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> arguments(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new NodeFailure("mcp.invalid_config", "arguments resolved to " + value.getClass().getSimpleName()
        + ", not an object", false);
  }

  private static String abbreviate(String text) {
    return text == null ? "" : text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }
}
