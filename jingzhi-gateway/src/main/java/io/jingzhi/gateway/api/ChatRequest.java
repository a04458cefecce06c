package io.jingzhi.gateway.api;

import java.util.List;
import java.util.Map;

/**
 * A chat request made through {@link ModelClient#chat} or {@link ModelClient#chatStream}: the model (or alias), the
 * messages, and optionally the sampling temperature, an answer-length cap, {@code jsonObject} to ask for OpenAI's
 * JSON mode, and function tools.
 *
 * @param tools OpenAI function tools as JSON-like maps ({@code {type: function, function: {name, description,
 *     parameters}}}); empty for none
 * @param toolChoice OpenAI's {@code tool_choice}: {@code "auto"}, {@code "none"}, {@code "required"} or a map naming
 *     one function; null leaves it to the model server
 */
public record ChatRequest(String model, List<Message> messages, Double temperature, Integer maxTokens,
    boolean jsonObject, List<Map<String, Object>> tools, Object toolChoice) {

  public ChatRequest {
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  /** A request without tools (the shape before tool calling existed). */
  public ChatRequest(String model, List<Message> messages, Double temperature, Integer maxTokens,
      boolean jsonObject) {
    this(model, messages, temperature, maxTokens, jsonObject, null, null);
  }

  /**
   * One message: role {@code system}, {@code user}, {@code assistant} or {@code tool}.
   *
   * @param content the text; may be null for an assistant message that only calls tools
   * @param toolCalls the calls an assistant message made (empty otherwise)
   * @param toolCallId for a {@code tool} message, the id of the call it answers
   */
  public record Message(String role, String content, List<ToolCall> toolCalls, String toolCallId) {

    public Message {
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public Message(String role, String content) {
      this(role, content, null, null);
    }

    /** The assistant's turn that asked for these calls (to send back before their results). */
    public static Message assistantCalls(String content, List<ToolCall> calls) {
      return new Message("assistant", content, calls, null);
    }

    /** The result of one tool call. */
    public static Message toolResult(String toolCallId, String content) {
      return new Message("tool", content, null, toolCallId);
    }
  }
}
