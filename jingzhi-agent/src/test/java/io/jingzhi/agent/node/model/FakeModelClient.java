package io.jingzhi.agent.node.model;

import io.jingzhi.gateway.api.ChatReply;
import io.jingzhi.gateway.api.ChatRequest;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.Caller;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** A scripted ModelClient: answers each chat from a queue and keeps the requests; streams one character a delta. */
final class FakeModelClient implements ModelClient {

  final List<ChatRequest> requests = new ArrayList<>();
  final List<Caller> callers = new ArrayList<>();
  private final Deque<Function<ChatRequest, ChatReply>> answers = new ArrayDeque<>();

  FakeModelClient answer(String text) {
    return answer(r -> new ChatReply(text, "stop", r.model(), 10, text.length()));
  }

  FakeModelClient answer(Function<ChatRequest, ChatReply> answer) {
    answers.add(answer);
    return this;
  }

  @Override
  public ChatReply chat(Caller caller, ChatRequest request) {
    requests.add(request);
    callers.add(caller);
    if (answers.isEmpty()) {
      throw new AssertionError("no scripted answer left for " + request);
    }
    return answers.poll().apply(request);
  }

  @Override
  public ChatReply chatStream(Caller caller, ChatRequest request, Consumer<String> onDelta) {
    ChatReply reply = chat(caller, request);
    reply.content().codePoints().mapToObj(Character::toString).forEach(onDelta);
    return reply;
  }

  @Override
  public List<float[]> embed(Caller caller, String model, List<String> texts) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Double> rerank(Caller caller, String model, String query, List<String> documents) {
    throw new UnsupportedOperationException();
  }
}
