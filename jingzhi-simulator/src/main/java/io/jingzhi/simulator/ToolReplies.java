package io.jingzhi.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * SIMULATED function calling, deterministic so that tests can rely on it. When a request offers {@code tools} and
 * its last message is the user's, the simulated model calls the first tool whose name, or one word of whose
 * description, appears in the user's text, with every required string parameter of the tool's schema set to that
 * text (no tool matches: it answers normally). When the last message is a {@code tool} result, it answers with
 * text quoting the result ({@link #afterTool}).
 */
final class ToolReplies {

  /** The call to make. */
  record Call(String id, String name, String arguments) {}

  private ToolReplies() {}

  /** The tool call the simulated model makes for this request, or null. */
  static Call pick(JsonNode body) {
    JsonNode tools = body.path("tools");
    JsonNode last = lastMessage(body);
    if (!tools.isArray() || tools.isEmpty() || !"user".equals(last.path("role").asString(""))
        || "none".equals(body.path("tool_choice").asString(""))) {
      return null;
    }
    String text = last.path("content").asString("");
    String lower = text.toLowerCase(Locale.ROOT);
    for (JsonNode tool : tools) {
      JsonNode function = tool.path("function");
      String name = function.path("name").asString("");
      if (!name.isEmpty() && (lower.contains(name.toLowerCase(Locale.ROOT))
          || mentions(lower, function.path("description").asString("")))) {
        return new Call("call_sim_" + UUID.randomUUID().toString().substring(0, 8), name,
            Simulator.JSON.writeValueAsString(arguments(function.path("parameters"), text)));
      }
    }
    return null;
  }

  /** The text answering a tool result ({@code 工具结果：<result>}), or null when the last message is not one. */
  static String afterTool(JsonNode body) {
    JsonNode last = lastMessage(body);
    if (!"tool".equals(last.path("role").asString(""))) {
      return null;
    }
    return "工具结果：" + last.path("content").asString("");
  }

  private static JsonNode lastMessage(JsonNode body) {
    JsonNode messages = body.path("messages");
    return messages.isArray() && !messages.isEmpty() ? messages.get(messages.size() - 1)
        : Simulator.JSON.createObjectNode();
  }

  private static boolean mentions(String lowerText, String description) {
    for (String word : description.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_]+")) {
      if (word.length() >= 2 && lowerText.contains(word)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Object> arguments(JsonNode schema, String text) {
    Map<String, Object> args = new LinkedHashMap<>();
    for (JsonNode required : schema.path("required")) {
      String field = required.asString("");
      if ("string".equals(schema.path("properties").path(field).path("type").asString("string"))) {
        args.put(field, text);
      }
    }
    return args;
  }

  /** Answers with the call, as a whole completion or as a stream (name first, then the arguments in two pieces). */
  static void send(HttpExchange ex, JsonNode body, Call call, int promptTokens) throws IOException {
    String id = "chatcmpl-sim-" + UUID.randomUUID().toString().substring(0, 12);
    long created = System.currentTimeMillis() / 1000;
    String model = body.path("model").asString("");
    int tokens = Math.max(1, call.arguments().length() / 4);
    if (!body.path("stream").asBoolean(false)) {
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("role", "assistant");
      message.put("content", null);
      message.put("tool_calls", List.of(Map.of("id", call.id(), "type", "function",
          "function", Map.of("name", call.name(), "arguments", call.arguments()))));
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("id", id);
      response.put("object", "chat.completion");
      response.put("created", created);
      response.put("model", model);
      response.put("choices", List.of(Map.of("index", 0, "message", message, "finish_reason", "tool_calls")));
      response.put("usage", ChatHandler.usage(promptTokens, tokens));
      Simulator.sendJson(ex, 200, response);
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("X-Simulated", "true");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    int half = call.arguments().length() / 2;
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("role", "assistant");
    first.put("content", null);
    first.put("tool_calls", List.of(Map.of("index", 0, "id", call.id(), "type", "function",
        "function", Map.of("name", call.name(), "arguments", call.arguments().substring(0, half)))));
    ChatHandler.event(out, ChatHandler.chunk(id, created, model, List.of(ChatHandler.choice(0, first, null)), null));
    Map<String, Object> rest = Map.of("tool_calls", List.of(Map.of("index", 0,
        "function", Map.of("arguments", call.arguments().substring(half)))));
    ChatHandler.event(out, ChatHandler.chunk(id, created, model, List.of(ChatHandler.choice(0, rest, null)), null));
    ChatHandler.event(out, ChatHandler.chunk(id, created, model,
        List.of(ChatHandler.choice(0, Map.of(), "tool_calls")), null));
    if (body.path("stream_options").path("include_usage").asBoolean(false)) {
      ChatHandler.event(out, ChatHandler.chunk(id, created, model, List.of(), ChatHandler.usage(promptTokens, tokens)));
    }
    out.write(Simulator.utf8("data: [DONE]\n\n"));
    out.flush();
  }
}
