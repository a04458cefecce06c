package io.jingzhi.guard.proxy;

import io.jingzhi.common.error.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the proxy answers itself: a refused request in the shape the route asks for (an OpenAI chat completion —
 * streamed when the request asked to stream — or the route's JSON template), and problem details for the proxy's
 * own failures.
 */
final class Refusals {

  static final String GUARD_HEADER = "X-Jingzhi-Guard";
  static final String EVENT_HEADER = "X-Jingzhi-Guard-Event";

  private final JsonMapper json;
  private final Clock clock;

  Refusals(JsonMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  /**
   * The refusal as status, content type and body (and a {@code location} for a redirect), without writing it (the
   * route test shows it).
   */
  record Answer(int status, String contentType, String body, String location) {

    Answer(int status, String contentType, String body) {
      this(status, contentType, body, null);
    }
  }

  /** A policy's redirect: the user is sent to the policy's page instead of the app (302, no body). */
  Answer redirect(String location) {
    return new Answer(302, MediaType.TEXT_PLAIN_VALUE, "", location);
  }

  Answer answer(CompiledRoute route, String text, boolean stream, String model) {
    int status = route.route().blockedStatus();
    if (!route.openAiBlocked()) {
      return new Answer(status, MediaType.APPLICATION_JSON_VALUE, json.writeValueAsString(route.blockedBody(text)));
    }
    String id = "chatcmpl-guard-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    long created = clock.instant().getEpochSecond();
    if (!stream) {
      ObjectNode body = json.createObjectNode();
      body.put("id", id).put("object", "chat.completion").put("created", created).put("model", model);
      ObjectNode choice = body.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("message").put("role", "assistant").put("content", text);
      choice.put("finish_reason", "content_filter");
      body.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
      return new Answer(status, MediaType.APPLICATION_JSON_VALUE, json.writeValueAsString(body));
    }
    StringBuilder sse = new StringBuilder();
    sse.append("data: ").append(json.writeValueAsString(chunk(id, created, model, text, null))).append("\n\n");
    sse.append("data: ").append(json.writeValueAsString(chunk(id, created, model, null, "content_filter")))
        .append("\n\n");
    sse.append("data: [DONE]\n\n");
    return new Answer(status, MediaType.TEXT_EVENT_STREAM_VALUE, sse.toString());
  }

  private JsonNode chunk(String id, long created, String model, String text, String finish) {
    ObjectNode body = json.createObjectNode();
    body.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode delta = choice.putObject("delta");
    if (text != null) {
      delta.put("role", "assistant").put("content", text);
    }
    choice.put("finish_reason", finish);
    return body;
  }

  void write(HttpServletResponse response, Answer answer, String eventId) throws IOException {
    response.setStatus(answer.status());
    response.setContentType(answer.contentType() + ";charset=UTF-8");
    response.setHeader(GUARD_HEADER, "blocked");
    if (answer.location() != null) {
      response.setHeader("Location", answer.location());
    }
    if (eventId != null) {
      response.setHeader(EVENT_HEADER, eventId);
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(bytes);
    }
  }

  void problem(HttpServletResponse response, HttpStatus status, String code, String detail) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE + ";charset=UTF-8");
    byte[] bytes = json.writeValueAsBytes(Problems.of(status, code, detail));
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
