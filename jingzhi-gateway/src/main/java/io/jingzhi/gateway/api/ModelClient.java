package io.jingzhi.gateway.api;

import io.jingzhi.iam.api.Caller;
import java.util.List;
import java.util.function.Consumer;

/**
 * Model calls for other modules (knowledge, agents), made inside the server but governed exactly like calls to
 * {@code /v1}: the caller's model access and key scopes, limits and quotas apply, and each call is metered under
 * the caller. Failures are {@link ModelCallFailed}. Unlike {@code /v1}, the texts are not put through the security
 * guard: they are the platform's own data (a knowledge base's documents), embedded as stored.
 */
public interface ModelClient {

  /** Embeddings of the texts, in order; {@code model} may be an alias. */
  List<float[]> embed(Caller caller, String model, List<String> texts);

  /** Relevance scores of the documents for the query, in the documents' order (higher is more relevant). */
  List<Double> rerank(Caller caller, String model, String query, List<String> documents);

  /**
   * A non-streaming chat completion through the same path as {@code /v1/chat/completions} (access, limits, the
   * security guard, metering); answers the first choice. A default so that test doubles written before it still
   * compile; the gateway's own client implements it.
   */
  default ChatReply chat(Caller caller, ChatRequest request) {
    throw new UnsupportedOperationException("this ModelClient does not chat");
  }

  /**
   * A streamed chat completion through the same path as {@code /v1/chat/completions} with {@code stream: true}
   * (access, limits, the security guard on input and output, metering with usage): {@code onDelta} receives the
   * first choice's text as the guard releases it, on the calling thread; the reply is the whole answer. A guard
   * block mid-stream ends the answer with finish reason {@code content_filter}. A stream that breaks after it began
   * is {@link ModelCallFailed} (502 {@code upstream_stream_broken}). An exception thrown by {@code onDelta} stops
   * the generation and is rethrown.
   *
   * <p>The default (for test doubles) answers {@link #chat} as one delta.
   */
  default ChatReply chatStream(Caller caller, ChatRequest request, Consumer<String> onDelta) {
    ChatReply reply = chat(caller, request);
    if (reply.content() != null && !reply.content().isEmpty()) {
      onDelta.accept(reply.content());
    }
    return reply;
  }
}
