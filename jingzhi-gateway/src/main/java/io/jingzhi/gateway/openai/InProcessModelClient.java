package io.jingzhi.gateway.openai;

import io.jingzhi.gateway.api.ChatReply;
import io.jingzhi.gateway.api.ChatRequest;
import io.jingzhi.gateway.api.ModelCallFailed;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.gateway.api.ToolCall;
import io.jingzhi.gateway.provider.TokenCounter;
import io.jingzhi.iam.api.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ModelClient} over the same code paths as {@code /v1/embeddings}, {@code /v1/rerank} and
 * {@code /v1/chat/completions} (streamed through an {@link InProcessStream}).
 */
@Component
class InProcessModelClient implements ModelClient {

  private final Embeddings embeddings;
  private final ChatCompletions chat;
  private final JsonMapper json;
  private final TokenCounter tokens;

  InProcessModelClient(Embeddings embeddings, ChatCompletions chat, JsonMapper json, TokenCounter tokens) {
    this.embeddings = embeddings;
    this.chat = chat;
    this.json = json;
    this.tokens = tokens;
  }

  @Override
  public ChatReply chat(Caller caller, ChatRequest request) {
    JsonNode answer = call(() -> chat.complete(caller, body(request)));
    JsonNode choice = answer.path("choices").path(0);
    JsonNode usage = answer.path("usage");
    String finish = choice.path("finish_reason").asString("");
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode c : choice.path("message").path("tool_calls")) {
      calls.add(new ToolCall(c.path("id").asString(""), c.path("function").path("name").asString(""),
          c.path("function").path("arguments").asString("")));
    }
    return new ChatReply(choice.path("message").path("content").asString(""), finish,
        answer.path("model").asString(request.model()), usage.path("prompt_tokens").asInt(0),
        usage.path("completion_tokens").asInt(0), calls);
  }

  @Override
  public ChatReply chatStream(Caller caller, ChatRequest request, Consumer<String> onDelta) {
    InProcessStream stream = new InProcessStream(json, request.model(), onDelta);
    ObjectNode body = body(request);
    call(() -> {
      chat.stream(caller, body, stream);
      return null;
    });
    ChatReply reply = stream.reply();
    if (!stream.usageSeen()) {
      // an upstream that reports no usage on streams: counted, as the gateway meters it
      return new ChatReply(reply.content(), reply.finishReason(), reply.model(),
          tokens.countMessages(body.get("messages")), tokens.count(reply.content()), reply.toolCalls());
    }
    return reply;
  }

  /** The {@code /v1/chat/completions} body of a request. */
  private ObjectNode body(ChatRequest request) {
    ObjectNode body = json.createObjectNode().put("model", request.model());
    ArrayNode messages = body.putArray("messages");
    for (ChatRequest.Message m : request.messages()) {
      ObjectNode message = messages.addObject().put("role", m.role()).put("content", m.content());
      if (!m.toolCalls().isEmpty()) {
        ArrayNode calls = message.putArray("tool_calls");
        for (ToolCall c : m.toolCalls()) {
          calls.addObject().put("id", c.id()).put("type", "function").putObject("function")
              .put("name", c.name()).put("arguments", c.arguments());
        }
      }
      if (m.toolCallId() != null) {
        message.put("tool_call_id", m.toolCallId());
      }
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      body.put("max_tokens", request.maxTokens());
    }
    if (request.jsonObject()) {
      body.putObject("response_format").put("type", "json_object");
    }
    if (!request.tools().isEmpty()) {
      body.set("tools", json.valueToTree(request.tools()));
      if (request.toolChoice() != null) {
        body.set("tool_choice", json.valueToTree(request.toolChoice()));
      }
    }
    return body;
  }

  @Override
  public List<float[]> embed(Caller caller, String model, List<String> texts) {
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += Embeddings.MAX_INPUTS) {
      ObjectNode request = json.createObjectNode().put("model", model);
      ArrayNode input = request.putArray("input");
      texts.subList(from, Math.min(texts.size(), from + Embeddings.MAX_INPUTS)).forEach(input::add);
      JsonNode answer = call(() -> embeddings.embed(caller, request, false));
      JsonNode[] ordered = new JsonNode[input.size()];
      for (JsonNode item : answer.path("data")) {
        ordered[item.path("index").asInt()] = item.path("embedding");
      }
      for (JsonNode vector : ordered) {
        if (vector == null || !vector.isArray()) {
          throw new ModelCallFailed(502, "bad_upstream_answer", "the embedding model answered without a vector");
        }
        float[] v = new float[vector.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) vector.get(i).asDouble();
        }
        vectors.add(v);
      }
    }
    return vectors;
  }

  @Override
  public List<Double> rerank(Caller caller, String model, String query, List<String> documents) {
    ObjectNode request = json.createObjectNode().put("model", model).put("query", query);
    ArrayNode docs = request.putArray("documents");
    documents.forEach(docs::add);
    JsonNode answer = call(() -> embeddings.rerank(caller, request, false));
    Double[] scores = new Double[documents.size()];
    for (JsonNode result : answer.path("results")) {
      int index = result.path("index").asInt(-1);
      if (index >= 0 && index < scores.length) {
        scores[index] = result.path("relevance_score").asDouble(result.path("score").asDouble());
      }
    }
    List<Double> ordered = new ArrayList<>(scores.length);
    for (Double score : scores) {
      ordered.add(score == null ? Double.NEGATIVE_INFINITY : score);
    }
    return ordered;
  }

  private static JsonNode call(java.util.function.Supplier<JsonNode> work) {
    try {
      return work.get();
    } catch (OpenAiException e) {
      throw new ModelCallFailed(e.status(), e.code() == null ? e.type() : e.code(), e.getMessage());
    }
  }
}
