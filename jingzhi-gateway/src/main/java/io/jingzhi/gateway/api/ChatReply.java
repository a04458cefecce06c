package io.jingzhi.gateway.api;

/**
 * The answer of {@link ModelClient#chat}: the first choice's text, why it ended ({@code content_filter} when the
 * security guard or the model refused), the model named in the answer and the tokens metered.
 */
public record ChatReply(String content, String finishReason, String model, int promptTokens, int completionTokens) {}
