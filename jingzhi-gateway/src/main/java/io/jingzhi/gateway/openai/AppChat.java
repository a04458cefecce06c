package io.jingzhi.gateway.openai;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.web.RequestIds;
import io.jingzhi.gateway.api.AppModels;
import io.jingzhi.iam.api.Caller;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chat completions for models named {@code app/<code>}: the app runs through {@link AppModels} (the agent module)
 * and its answer comes back in OpenAI's shapes — a {@code chat.completion}, or chunks (role, content deltas, a final
 * chunk with {@code finish_reason: stop}, the usage chunk when asked for). The run's own model calls are metered
 * where they happen, so the app call itself is not metered again.
 */
@Component
class AppChat {

  private final ObjectProvider<AppModels> apps;
  private final JsonMapper json;
  private final AigcLabels labels;

  AppChat(ObjectProvider<AppModels> apps, JsonMapper json, AigcLabels labels) {
    this.apps = apps;
    this.json = json;
    this.labels = labels;
  }

  /** True for a request this class serves: a model named {@code app/...} while apps are served. */
  boolean handles(JsonNode body) {
    return body != null && body.path("model").isString() && body.get("model").asString().startsWith(AppModels.PREFIX)
        && apps.getIfAvailable() != null;
  }

  /** The apps as {@code /v1/models} entries. */
  List<Map<String, Object>> models(Caller caller) {
    AppModels models = apps.getIfAvailable();
    if (models == null) {
      return List.of();
    }
    return models.visible(caller).stream().map(m -> {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("id", m.id());
      d.put("object", "model");
      d.put("created", m.created() == null ? 0 : m.created().getEpochSecond());
      d.put("owned_by", "jingzhi-app");
      d.put("kind", "app");
      d.put("name", m.name());
      return d;
    }).toList();
  }

  void handle(Caller caller, JsonNode body, HttpServletResponse response) throws IOException {
    ObjectNode request = ChatRequests.validate(body);
    String model = request.get("model").asString();
    AppModels.AppCall call = call(request, model);
    if (request.path("stream").asBoolean(false)) {
      stream(caller, model, call, ChatRequests.clientAskedUsage(request), response);
    } else {
      complete(caller, model, call, response);
    }
  }

  private void complete(Caller caller, String model, AppModels.AppCall call, HttpServletResponse response)
      throws IOException {
    AppModels.AppAnswer answer = run(caller, model, call, new AppModels.Listener() {});
    if (!"succeeded".equals(answer.status())) {
      throw failed(answer);
    }
    String id = "chatcmpl-run-" + answer.runId();
    ObjectNode body = json.createObjectNode();
    body.put("id", id).put("object", "chat.completion").put("created", System.currentTimeMillis() / 1000)
        .put("model", model);
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", answer.answer() == null ? ""
        : answer.answer());
    choice.put("finish_reason", "stop");
    usage(body, answer);
    body.set("aigc", labels.label(id, RequestIds.current()));
    response.setStatus(200);
    response.setHeader(AigcLabels.HEADER, labels.header(id, RequestIds.current()));
    response.setContentType("application/json");
    response.getOutputStream().write(json.writeValueAsBytes(body));
  }

  private void stream(Caller caller, String model, AppModels.AppCall call, boolean includeUsage,
      HttpServletResponse response) {
    ChunkStream chunks = new ChunkStream(model, response);
    AppModels.AppAnswer answer;
    try {
      answer = run(caller, model, call, chunks);
    } catch (OpenAiException | ApiException refused) {
      if (chunks.out == null) {
        throw refused; // nothing written yet: an ordinary error response
      }
      answer = null;
      chunks.error("api_error", "run_failed", refused.getMessage());
    }
    if (answer == null) {
      return;
    }
    if (!"succeeded".equals(answer.status())) {
      OpenAiException e = failed(answer);
      chunks.error(e.type(), e.code(), e.getMessage());
      return;
    }
    ObjectNode last = chunks.chunk();
    ObjectNode choice = last.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("delta");
    choice.put("finish_reason", "stop");
    chunks.write(last);
    if (includeUsage) {
      ObjectNode usage = chunks.chunk();
      usage.putArray("choices");
      usage(usage, answer);
      chunks.write(usage);
    }
    chunks.out.send("data: [DONE]\n\n");
  }

  /** Writes chunks; the response starts (headers, role chunk) when the run has its id. */
  private final class ChunkStream implements AppModels.Listener {
    private final String model;
    private final HttpServletResponse response;
    private SseWriter out;
    private String id;

    ChunkStream(String model, HttpServletResponse response) {
      this.model = model;
      this.response = response;
    }

    @Override
    public void started(long runId) {
      id = "chatcmpl-run-" + runId;
      SseWriter.headers(response);
      response.setHeader(AigcLabels.HEADER, labels.header(id, RequestIds.current()));
      try {
        out = new SseWriter(response.getOutputStream(), labels.withLabel("{}", id, RequestIds.current()));
      } catch (IOException e) {
        throw new SseWriter.ClientGone(e);
      }
      ObjectNode role = chunk();
      ObjectNode choice = role.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("delta").put("role", "assistant").put("content", "");
      choice.putNull("finish_reason");
      write(role);
    }

    @Override
    public void delta(String text) {
      if (out == null || text == null || text.isEmpty()) {
        return;
      }
      ObjectNode c = chunk();
      ObjectNode choice = c.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("delta").put("content", text);
      choice.putNull("finish_reason");
      write(c);
    }

    @Override
    public void idle() {
      if (out != null) {
        out.send(": keep-alive\n\n"); // a failed write is a client gone: the run is cancelled
      }
    }

    ObjectNode chunk() {
      ObjectNode c = json.createObjectNode();
      c.put("id", id).put("object", "chat.completion.chunk").put("created", System.currentTimeMillis() / 1000)
          .put("model", model);
      return c;
    }

    void write(ObjectNode chunk) {
      out.event(json.writeValueAsString(chunk));
      SseWriter.flush(out.stream);
    }

    void error(String type, String code, String message) {
      try {
        out.send("data: " + json.writeValueAsString(OpenAiErrorAdvice.error(type, code, null, message)) + "\n\n");
      } catch (SseWriter.ClientGone gone) {
        // the client left; the run has been cancelled already
      }
    }
  }

  private AppModels.AppAnswer run(Caller caller, String model, AppModels.AppCall call, AppModels.Listener listener) {
    try {
      return apps.getObject().run(caller, call, listener);
    } catch (ApiException e) {
      throw switch (e.status().value()) {
        // The key may call the app but the run may not start for it (its creator is disabled, or it has none: a
        // key the bootstrap file generated): say so, rather than claim the model does not exist.
        case 403 -> "run.key_owner_disabled".equals(e.code())
            ? new OpenAiException(403, "permission_error", e.code(), "model", e.getMessage())
            : OpenAiException.modelNotFound(model);
        case 404 -> OpenAiException.modelNotFound(model);
        case 429 -> new OpenAiException(429, "rate_limit_error", "rate_limit_exceeded", null, e.getMessage(), 1L);
        default -> e;
      };
    }
  }

  private static OpenAiException failed(AppModels.AppAnswer answer) {
    String why = "waiting".equals(answer.status())
        ? "The app asks for human input, which this API cannot give; continue run " + answer.runId()
            + " in the portal."
        : "The app's run " + answer.runId() + " ended " + answer.status()
            + (answer.errorCode() == null ? "" : " (" + answer.errorCode() + ": " + answer.errorMessage() + ")");
    return new OpenAiException(500, "api_error", "run_" + answer.status(), null, why);
  }

  private static void usage(ObjectNode body, AppModels.AppAnswer answer) {
    body.putObject("usage").put("prompt_tokens", answer.promptTokens())
        .put("completion_tokens", answer.completionTokens())
        .put("total_tokens", answer.promptTokens() + answer.completionTokens());
  }

  /** The last user message is the query; earlier user/assistant pairs are the history; system messages are left. */
  private AppModels.AppCall call(ObjectNode request, String model) {
    ArrayNode messages = (ArrayNode) request.get("messages");
    int last = -1;
    for (int i = messages.size() - 1; i >= 0 && last < 0; i--) {
      if ("user".equals(messages.get(i).path("role").asString())) {
        last = i;
      }
    }
    if (last < 0) {
      throw OpenAiException.invalid("messages", "An app needs a user message to answer.");
    }
    List<AppModels.Turn> history = new ArrayList<>();
    String pending = null;
    for (int i = 0; i < last; i++) {
      JsonNode m = messages.get(i);
      String role = m.path("role").asString();
      if (role.equals("user")) {
        pending = text(m.get("content"));
      } else if (role.equals("assistant") && pending != null) {
        history.add(new AppModels.Turn(pending, text(m.get("content"))));
        pending = null;
      }
    }
    JsonNode inputs = request.get("inputs");
    if (inputs != null && !inputs.isNull() && !inputs.isObject()) {
      throw OpenAiException.invalid("inputs", "Invalid type for 'inputs': expected an object.");
    }
    Map<String, Object> in = inputs == null || inputs.isNull() ? Map.of()
        : json.convertValue(inputs, json.getTypeFactory().constructMapType(LinkedHashMap.class, String.class,
            Object.class));
    JsonNode user = request.get("user");
    return new AppModels.AppCall(model.substring(AppModels.PREFIX.length()), text(messages.get(last).get("content")),
        history, user != null && user.isString() ? user.asString() : null, in);
  }

  /** A message's text: a string, or the text parts of a content array. */
  private static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isString()) {
      return content.asString();
    }
    StringBuilder s = new StringBuilder();
    if (content.isArray()) {
      content.forEach(p -> {
        if ("text".equals(p.path("type").asString())) {
          s.append(p.path("text").asString(""));
        }
      });
    }
    return s.toString();
  }
}
