package io.jingzhi.gateway.openai;

import io.jingzhi.gateway.api.ChatReply;
import io.jingzhi.gateway.api.ModelCallFailed;
import io.jingzhi.gateway.api.ToolCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The in-process end of a streamed chat completion: reads the SSE events the relay writes, hands the first choice's
 * text deltas to the consumer as they come, and assembles the reply (text, finish reason, usage, tool calls whose
 * arguments arrive in pieces). An error event of the relay becomes {@link ModelCallFailed}; an exception of the
 * consumer is turned into a failed write, which the relay treats as a client that went away (the upstream is
 * stopped), and is rethrown by {@link #reply}.
 */
final class InProcessStream extends OutputStream implements StreamSink {

  private final JsonMapper json;
  private final Consumer<String> onDelta;
  private final String requestedModel;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final StringBuilder content = new StringBuilder();
  private final Map<Integer, String[]> calls = new TreeMap<>();
  private String finishReason;
  private String model;
  private int promptTokens;
  private int completionTokens;
  private boolean done;
  private boolean usageSeen;
  private ModelCallFailed failure;
  private RuntimeException consumerFailure;

  InProcessStream(JsonMapper json, String requestedModel, Consumer<String> onDelta) {
    this.json = json;
    this.requestedModel = requestedModel;
    this.onDelta = onDelta;
  }

  @Override
  public OutputStream open(String aigcHeader) {
    return this;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (consumerFailure != null) {
      throw new IOException("the in-process reader stopped", consumerFailure);
    }
    pending.write(b, off, len);
    // Events are cut at blank lines on the bytes: a write may end inside a multi-byte character.
    byte[] bytes = pending.toByteArray();
    int start = 0;
    for (int i = 1; i < bytes.length; i++) {
      if (bytes[i] == '\n' && bytes[i - 1] == '\n' && i - 1 >= start) {
        event(new String(bytes, start, i - 1 - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start > 0) {
      pending.reset();
      pending.write(bytes, start, bytes.length - start);
    }
  }

  private void event(String raw) throws IOException {
    String event = raw.strip();
    if (!event.startsWith("data:")) {
      return;
    }
    String payload = event.substring(5).strip();
    if (payload.equals("[DONE]")) {
      done = true;
      return;
    }
    JsonNode chunk = json.readTree(payload);
    if (chunk.has("error")) {
      JsonNode error = chunk.get("error");
      String code = error.path("code").asString("upstream_stream_broken");
      failure = new ModelCallFailed(code.equals("guard_failed") ? 500 : 502, code,
          error.path("message").asString("the stream broke"));
      return;
    }
    if (chunk.path("model").isString()) {
      model = chunk.get("model").asString();
    }
    JsonNode usage = chunk.path("usage");
    if (usage.isObject()) {
      usageSeen = true;
      promptTokens = usage.path("prompt_tokens").asInt(promptTokens);
      completionTokens = usage.path("completion_tokens").asInt(completionTokens);
    }
    for (JsonNode choice : chunk.path("choices")) {
      if (choice.path("index").asInt(0) != 0) {
        continue;
      }
      JsonNode delta = choice.path("delta");
      if (delta.path("content").isString() && !delta.get("content").asString().isEmpty()) {
        String text = delta.get("content").asString();
        content.append(text);
        deliver(text);
      }
      for (JsonNode call : delta.path("tool_calls")) {
        String[] c = calls.computeIfAbsent(call.path("index").asInt(calls.size()), i -> new String[] {null, "", ""});
        if (call.path("id").isString()) {
          c[0] = call.get("id").asString();
        }
        c[1] += call.path("function").path("name").asString("");
        c[2] += call.path("function").path("arguments").asString("");
      }
      if (choice.path("finish_reason").isString()) {
        finishReason = choice.get("finish_reason").asString();
      }
    }
  }

  private void deliver(String text) throws IOException {
    try {
      onDelta.accept(text);
    } catch (RuntimeException e) {
      consumerFailure = e;
      throw new IOException("the in-process reader stopped", e);
    }
  }

  /** Whether the stream reported usage (a refused prompt reports zero); when not, the caller counts. */
  boolean usageSeen() {
    return usageSeen;
  }

  /** The assembled reply once the relay returned; throws what went wrong instead. */
  ChatReply reply() {
    if (consumerFailure != null) {
      throw consumerFailure;
    }
    if (failure != null) {
      throw failure;
    }
    if (!done) {
      throw new ModelCallFailed(502, "upstream_stream_broken", "the stream ended before it finished");
    }
    List<ToolCall> toolCalls = new ArrayList<>();
    calls.forEach((index, c) -> toolCalls.add(new ToolCall(c[0] != null ? c[0] : "call_" + index, c[1], c[2])));
    return new ChatReply(content.toString(), finishReason, model != null ? model : requestedModel, promptTokens,
        completionTokens, toolCalls);
  }
}
