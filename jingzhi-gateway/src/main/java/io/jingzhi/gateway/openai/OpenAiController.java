package io.jingzhi.gateway.openai;

import io.jingzhi.gateway.registry.Model;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI-compatible API under {@code /v1}: OpenAI's request, response, streaming and error shapes, so the
 * official SDKs work unchanged. Accepts API keys and portal session tokens alike.
 */
@RestController
@RequestMapping(value = "/v1", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_EVENT_STREAM_VALUE})
public class OpenAiController {

  private final ModelAccess access;
  private final ChatCompletions chat;
  private final Embeddings embeddings;
  private final AppChat apps;
  private final JsonBodies bodies;
  private final RefusedCalls refused;

  public OpenAiController(ModelAccess access, ChatCompletions chat, Embeddings embeddings, AppChat apps,
      JsonBodies bodies, RefusedCalls refused) {
    this.refused = refused;
    this.access = access;
    this.chat = chat;
    this.embeddings = embeddings;
    this.apps = apps;
    this.bodies = bodies;
  }

  @GetMapping("/models")
  public Map<String, Object> models() {
    return Map.of("object", "list", "data", listed(Callers.current()));
  }

  /** One model as {@code /v1/models} lists it (OpenAI's retrieve; an app's id has a slash: app/code). */
  @GetMapping("/models/**")
  public Map<String, Object> model(HttpServletRequest request) {
    String id = request.getRequestURI().substring(request.getContextPath().length() + "/v1/models/".length());
    id = java.net.URLDecoder.decode(id, java.nio.charset.StandardCharsets.UTF_8);
    for (Map<String, Object> m : listed(Callers.current())) {
      if (id.equals(m.get("id"))) {
        return m;
      }
    }
    throw OpenAiException.modelNotFound(id);
  }

  private List<Map<String, Object>> listed(Caller caller) {
    List<Map<String, Object>> data = new java.util.ArrayList<>(access.visible(caller).stream()
        .map(OpenAiController::describe).toList());
    data.addAll(apps.models(caller)); // apps published as models (app/<code>)
    return data;
  }

  /** The body is read by {@link JsonBodies}, not {@code @RequestBody}: the hot path skips MVC's conversion. */
  @PostMapping(value = "/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
  public void chatCompletions(HttpServletRequest request, HttpServletResponse response) throws IOException {
    // a body that is no JSON names no model: its record has none
    JsonNode body = refused.checked(Callers.current(), "chat.completions", null, () -> bodies.read(request));
    if (apps.handles(body)) {
      apps.handle(Callers.current(), body, response); // an app as a model: runs the app, not a model server
    } else {
      chat.handle(Callers.current(), body, response);
    }
  }

  @PostMapping(value = "/embeddings", consumes = MediaType.APPLICATION_JSON_VALUE)
  public JsonNode embeddings(@RequestBody JsonNode body) {
    return embeddings.embed(Callers.current(), body);
  }

  @PostMapping(value = "/rerank", consumes = MediaType.APPLICATION_JSON_VALUE)
  public JsonNode rerank(@RequestBody JsonNode body) {
    return embeddings.rerank(Callers.current(), body);
  }

  private static Map<String, Object> describe(Model m) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", m.name());
    d.put("object", "model");
    d.put("created", m.createdAt() == null ? 0 : m.createdAt().getEpochSecond());
    d.put("owned_by", m.simulated() ? "jingzhi-simulator (simulated)" : "jingzhi");
    d.put("kind", m.kind().wire());
    d.put("simulated", m.simulated());
    return d;
  }
}
