package io.jingzhi.gateway.api;

/**
 * A function call a model asked for (OpenAI's {@code tool_calls[]} of type {@code function}).
 *
 * @param id the call's id, echoed by the {@code tool} message that answers it
 * @param name the function's name
 * @param arguments the arguments as the model wrote them: a JSON object in text (possibly malformed)
 */
public record ToolCall(String id, String name, String arguments) {}
