package io.jingzhi.gateway.openai;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.Guard;
import io.jingzhi.guard.api.GuardAction;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import io.jingzhi.iam.api.Caller;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The security guard on chat completions: the prompt is checked before any upstream is called (a stopping verdict
 * is answered in the model's place, a masking one rewrites the prompt), the output is checked before the client
 * gets it, and generated text carries the visible AI-generated-content label of GB 45438-2025 when one is set.
 *
 * <p>What is inspected: every user, system, developer, tool and function message (string content, or the text parts
 * of multimodal content); see {@link #checkInput}. Assistant messages are not inspected on the way in.
 */
@Component
class ChatGuard {

  private final Guard guard;
  private final GuardProperties guardProperties;
  private final AigcLabels labels;
  private final JsonMapper json;

  ChatGuard(Guard guard, GuardProperties guardProperties, AigcLabels labels, JsonMapper json) {
    this.guard = guard;
    this.guardProperties = guardProperties;
    this.labels = labels;
    this.json = json;
  }

  /** Whether model calls are inspected at all ({@code jingzhi.guard.enabled}). */
  boolean enabled() {
    return guardProperties.enabled();
  }

  GuardSubject subject(CallContext ctx, String model) {
    Caller c = ctx.caller;
    Long app = c.appId() != null ? c.appId() : ctx.grant == null ? null : ctx.grant.appId();
    return new GuardSubject(c.tenantId(), c.orgId(), c.userId(), c.username(), c.roles(),
        ctx.grant == null ? null : ctx.grant.projectId(), app, c.apiKeyId(), model, c.sourceIp(), "gateway");
  }

  /**
   * Checks the prompt. Returns the verdict when it stops the call (the upstream must not be called); masks the
   * inspected messages in {@code request} when it masks; records the effect in {@code ctx}.
   *
   * <p>The last user message is the main text (rules and classifier, the earlier user turns as its history). Every
   * other message an attacker can fill is then checked on its own with the rules only: earlier user turns and
   * {@code tool}/{@code function} results may stop the call (injected instructions arrive through them),
   * {@code system}/{@code developer} messages only have their personal data masked (the app owner writes them,
   * and they often name the very topics a model must refuse). Assistant turns are not inspected.
   */
  GuardVerdict checkInput(CallContext ctx, GuardSubject subject, ObjectNode request) {
    JsonNode messages = request.get("messages");
    int last = -1;
    List<String> history = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      if ("user".equals(messages.get(i).path("role").asString(""))) {
        if (last >= 0) {
          history.add(text(messages.get(last)));
        }
        last = i;
      }
    }
    GuardVerdict main = null;
    if (last >= 0) {
      main = guard.check(subject, GuardRequest.input(text(messages.get(last)), history));
      if (main.stops()) {
        return stopped(ctx, main);
      }
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      Boolean mayStop = mayStop(message.path("role").asString(""));
      String text = i == last || mayStop == null ? "" : text(message);
      if (text.isBlank()) {
        continue;
      }
      GuardVerdict verdict = guard.check(subject, GuardRequest.secondaryInput(text, mayStop));
      if (verdict.stops()) {
        return stopped(ctx, verdict);
      }
      if (verdict.masks()) {
        ctx.guardInput = "mask";
        replaceText((ObjectNode) message, verdict.text());
      }
    }
    if (main != null && main.masks()) {
      ctx.guardInput = "mask";
      replaceText((ObjectNode) messages.get(last), main.text());
    }
    return null;
  }

  /** Whether a secondary message of this role may stop the call; null when the role is not inspected. */
  private static Boolean mayStop(String role) {
    return switch (role) {
      case "user", "tool", "function" -> true;
      case "system", "developer" -> false;
      default -> null;
    };
  }

  private static GuardVerdict stopped(CallContext ctx, GuardVerdict verdict) {
    ctx.guardInput = verdict.action().name().toLowerCase(Locale.ROOT);
    return verdict;
  }

  /** The text of a message: its string content, or its text parts joined by new lines. */
  static String text(JsonNode message) {
    JsonNode content = message.path("content");
    if (content.isString()) {
      return content.asString();
    }
    StringBuilder s = new StringBuilder();
    if (content.isArray()) {
      for (JsonNode part : content) {
        if ("text".equals(part.path("type").asString("")) && part.path("text").isString()) {
          s.append(s.isEmpty() ? "" : "\n").append(part.path("text").asString());
        }
      }
    }
    return s.toString();
  }

  /** Puts the masked text in place: the content string, or the first text part (other text parts removed). */
  static void replaceText(ObjectNode message, String masked) {
    JsonNode content = message.path("content");
    if (!content.isArray()) {
      message.put("content", masked);
      return;
    }
    ArrayNode parts = (ArrayNode) content;
    boolean placed = false;
    for (int i = 0; i < parts.size(); i++) {
      JsonNode part = parts.get(i);
      if ("text".equals(part.path("type").asString("")) && part.path("text").isString()) {
        if (placed) {
          parts.remove(i--);
        } else {
          ((ObjectNode) part).put("text", masked);
          placed = true;
        }
      }
    }
  }

  /**
   * Checks each choice of a whole completion: a stopping verdict replaces the content with its text (finish reason
   * {@code content_filter}, tool calls dropped), a masking one masks it; model-generated text gets the visible label.
   */
  void checkOutput(CallContext ctx, GuardSubject subject, ObjectNode answer) {
    String label = guard.visibleLabel(subject);
    for (JsonNode choice : answer.path("choices")) {
      JsonNode message = choice.path("message");
      if (!(message instanceof ObjectNode m) || !m.path("content").isString()) {
        continue;
      }
      GuardVerdict verdict = guard.check(subject, GuardRequest.output(m.get("content").asString()));
      if (verdict.stops()) {
        ctx.guardOutput = "block";
        m.put("content", verdict.answer() == null ? "" : verdict.answer());
        m.remove("tool_calls");
        ((ObjectNode) choice).put("finish_reason", "content_filter");
        continue;
      }
      if (verdict.masks()) {
        ctx.guardOutput = ctx.guardOutput == null ? "mask" : ctx.guardOutput;
        m.put("content", verdict.text());
      }
      if (label != null && !m.get("content").asString().isEmpty()) {
        m.put("content", m.get("content").asString() + "\n\n" + label);
      }
    }
  }

  /** The output guard of one stream of {@code n} choices. */
  GuardedStream openStream(GuardSubject subject, String model, boolean keepUsage, int n) {
    return new GuardedStream(guard, subject, guard.visibleLabel(subject), json, model, keepUsage, n);
  }

  /**
   * Answers a stopped prompt in the model's place, in OpenAI's shape: the verdict's refusal or standard answer in
   * every requested choice ({@code finish_reason} {@code content_filter} for a refusal, {@code stop} for a standard
   * answer), zero usage; streamed as one delta per choice, a final chunk, usage if asked, {@code [DONE]}. The
   * non-streaming answer is {@link #stoppedCompletion(CallContext, ObjectNode, GuardVerdict)}.
   */
  void answerInstead(CallContext ctx, ObjectNode request, GuardVerdict verdict, StreamSink sink) {
    String id = AigcLabels.newId();
    int n = request.path("n").asInt(1);
    ctx.promptTokens = 0;
    ctx.completionTokens = 0;
    ctx.estimated = false;
    ctx.status = "ok";
    ctx.httpStatus = 200;
    ctx.markFirstToken();
    try {
      SseWriter out = new SseWriter(sink.open(labels.header(id, ctx.requestId)),
          labels.withLabel("{}", id, ctx.requestId));
      stoppedStream(id, ctx.requestedModel, n, verdict, ChatRequests.clientAskedUsage(request)).forEach(out::event);
      out.send("data: [DONE]\n\n");
    } catch (IOException | SseWriter.ClientGone e) {
      ctx.status = "cancelled";
      ctx.httpStatus = 499;
    }
  }

  /** The non-streaming answer to a stopped prompt, for the caller to send (or hand back in process). */
  ChatCompletions.Completion stoppedCompletion(CallContext ctx, ObjectNode request, GuardVerdict verdict) {
    String id = AigcLabels.newId();
    ctx.promptTokens = 0;
    ctx.completionTokens = 0;
    ctx.estimated = false;
    ctx.status = "ok";
    ctx.httpStatus = 200;
    ctx.markFirstToken();
    ObjectNode body = stoppedCompletion(id, ctx.requestedModel, request.path("n").asInt(1), verdict);
    body.set("aigc", labels.label(id, ctx.requestId));
    return new ChatCompletions.Completion(body, labels.header(id, ctx.requestId));
  }

  /** The whole {@code chat.completion} answering a stopped prompt: the verdict's text in every requested choice. */
  private ObjectNode stoppedCompletion(String id, String model, int n, GuardVerdict verdict) {
    ObjectNode body = json.createObjectNode();
    body.put("id", id);
    body.put("object", "chat.completion");
    body.put("created", System.currentTimeMillis() / 1000);
    body.put("model", model);
    ArrayNode choices = body.putArray("choices");
    for (int i = 0; i < n; i++) {
      ObjectNode choice = choices.addObject();
      choice.put("index", i);
      choice.putObject("message").put("role", "assistant").put("content", answerText(verdict)).putNull("refusal");
      choice.putNull("logprobs");
      choice.put("finish_reason", finishReason(verdict));
    }
    usage(body.putObject("usage"));
    return body;
  }

  /** The stream answering a stopped prompt: the text as one delta per choice, a final chunk, usage if asked. */
  private List<String> stoppedStream(String id, String model, int n, GuardVerdict verdict, boolean usage) {
    long created = System.currentTimeMillis() / 1000;
    List<String> events = new ArrayList<>();
    ObjectNode first = chunk(id, created, model);
    ObjectNode last = chunk(id, created, model);
    for (int i = 0; i < n; i++) {
      ObjectNode c = ((ArrayNode) first.get("choices")).addObject().put("index", i);
      c.putObject("delta").put("role", "assistant").put("content", answerText(verdict));
      c.putNull("logprobs").putNull("finish_reason");
      ObjectNode f = ((ArrayNode) last.get("choices")).addObject().put("index", i);
      f.putObject("delta");
      f.putNull("logprobs").put("finish_reason", finishReason(verdict));
    }
    events.add(json.writeValueAsString(first));
    events.add(json.writeValueAsString(last));
    if (usage) {
      ObjectNode u = chunk(id, created, model);
      usage(u.putObject("usage"));
      events.add(json.writeValueAsString(u));
    }
    return events;
  }

  private static String answerText(GuardVerdict verdict) {
    return verdict.answer() == null ? "" : verdict.answer();
  }

  private static String finishReason(GuardVerdict verdict) {
    return verdict.action() == GuardAction.ANSWER ? "stop" : "content_filter";
  }

  private ObjectNode chunk(String id, long created, String model) {
    ObjectNode c = json.createObjectNode();
    c.put("id", id);
    c.put("object", "chat.completion.chunk");
    c.put("created", created);
    c.put("model", model);
    c.putArray("choices");
    return c;
  }

  private static void usage(ObjectNode usage) {
    usage.put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
  }
}
