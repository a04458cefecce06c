package io.jingzhi.agent.node.model;

import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.TokenUsage;
import io.jingzhi.agent.engine.Validation;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.gateway.api.ChatReply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the model nodes share: reading their config (values may be {@code {{references}}}, checked by the engine),
 * turning gateway failures into {@link NodeFailure}s and reading JSON answers.
 */
final class ModelNodeSupport {

  /** Finish reason of an answer the security guard (or the model) refused. */
  static final String CONTENT_FILTER = "content_filter";

  private ModelNodeSupport() {}

  /**
   * A gateway or knowledge refusal as a node failure {@code <prefix>.<code>}: over a limit (429) and server-side
   * failures (5xx) may pass on another attempt, the rest (unknown model, no access, bad request) will not.
   */
  static NodeFailure failure(String prefix, ApiException e) {
    int status = e.status().value();
    String code = e.code() == null ? "failed" : e.code().replaceFirst("^model_call\\.", "");
    return new NodeFailure(prefix + "." + code, e.getMessage(), status == 429 || status >= 500, e);
  }

  static TokenUsage usage(ChatReply reply) {
    return new TokenUsage(reply.promptTokens(), reply.completionTokens());
  }

  /** A config value as text: templates rendered, references resolved; null when absent or empty. */
  static String text(NodeContext context, String field) {
    JsonNode raw = context.config().get(field);
    if (raw == null || raw.isNull()) {
      return null;
    }
    Object value = raw.isString() ? context.render(raw.asString()) : context.resolve(raw);
    String s = value == null ? null : String.valueOf(value);
    return s == null || s.isBlank() ? null : s;
  }

  /** A config value as a number, or null when absent; a reference that is not a number is a failure. */
  static Double number(NodeContext context, String field, String prefix) {
    Object value = context.resolve(field);
    if (value == null || (value instanceof String s && s.isBlank())) {
      return null;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      throw new NodeFailure(prefix + ".bad_config", "config." + field + " must be a number, got " + value, false);
    }
  }

  static Integer integer(NodeContext context, String field, String prefix) {
    Double d = number(context, field, prefix);
    return d == null ? null : d.intValue();
  }

  static boolean flag(NodeContext context, String field) {
    Object value = context.resolve(field);
    return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(String.valueOf(value));
  }

  /** Whether a config value holds a {@code {{reference}}}: its type is known only at run time. */
  static boolean dynamic(JsonNode value) {
    return value != null && value.isString() && value.asString().contains("{{");
  }

  /** Save-time check of a required text field. */
  static void requireText(JsonNode config, String field, Validation validation) {
    JsonNode v = config == null ? null : config.get(field);
    if (v == null || v.isNull() || (v.isString() && v.asString().isBlank())) {
      validation.error("config." + field, "required");
    } else if (!v.isString()) {
      validation.error("config." + field, "must be a string");
    }
  }

  /** Save-time check of an optional number field within bounds. */
  static void checkNumber(JsonNode config, String field, double min, double max, Validation validation) {
    JsonNode v = config == null ? null : config.get(field);
    if (v == null || v.isNull() || dynamic(v)) {
      return;
    }
    if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
      validation.error("config." + field, "must be a number between " + fmt(min) + " and " + fmt(max));
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  /** A delta consumer that forwards to the run and stops the generation once the run is cancelled. */
  static Consumer<String> emitter(NodeContext context, String prefix) {
    return delta -> {
      if (context.cancelled()) {
        throw new NodeFailure(prefix + ".cancelled", "the run was cancelled", false);
      }
      context.emit(delta);
    };
  }

  /**
   * The JSON object in a model's answer: the whole text, or the part between the first {@code {} and the last
   * {@code }} (models like to wrap JSON in prose or code fences); null when there is none.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> jsonObject(JsonMapper json, String text) {
    if (text == null) {
      return null;
    }
    int start = text.indexOf('{');
    int end = text.lastIndexOf('}');
    if (start < 0 || end <= start) {
      return null;
    }
    try {
      Object value = json.readValue(text.substring(start, end + 1), Object.class);
      return value instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : null;
    } catch (JacksonException e) {
      return null;
    }
  }
}
