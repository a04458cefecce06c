package io.jingzhi.gateway.api;

import java.util.List;

/**
 * A chat request made through {@link ModelClient#chat}: the model (or alias), the messages, and optionally the
 * sampling temperature, an answer-length cap and {@code jsonObject} to ask for OpenAI's JSON mode.
 */
public record ChatRequest(String model, List<Message> messages, Double temperature, Integer maxTokens,
    boolean jsonObject) {

  public ChatRequest {
    messages = List.copyOf(messages);
  }

  /** One message: role {@code system}, {@code user} or {@code assistant}. */
  public record Message(String role, String content) {}
}
