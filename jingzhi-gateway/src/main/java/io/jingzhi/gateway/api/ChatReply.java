package io.jingzhi.gateway.api;

import java.util.List;

/**
 * The answer of {@link ModelClient#chat} and {@link ModelClient#chatStream}: the first choice's text, why it ended
 * ({@code content_filter} when the security guard or the model refused, {@code tool_calls} when the model asks for
 * tools), the model named in the answer, the tokens metered and the tool calls asked for (empty when none).
 */
public record ChatReply(String content, String finishReason, String model, int promptTokens, int completionTokens,
    List<ToolCall> toolCalls) {

  public ChatReply {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /** A reply without tool calls (the shape before tool calling existed). */
  public ChatReply(String content, String finishReason, String model, int promptTokens, int completionTokens) {
    this(content, finishReason, model, promptTokens, completionTokens, null);
  }
}
