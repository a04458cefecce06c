package io.jingzhi.gateway.openai;

import io.jingzhi.gateway.registry.Endpoint;
import io.jingzhi.gateway.registry.Model;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Checks chat requests the way OpenAI does and prepares the body an upstream receives. */
final class ChatRequests {

  private ChatRequests() {}

  static ObjectNode validate(JsonNode body) {
    if (!(body instanceof ObjectNode request)) {
      throw OpenAiException.invalid(null, "The request body must be a JSON object.");
    }
    JsonNode model = request.get("model");
    if (model == null || model.isNull() || (model.isString() && model.asString().isBlank())) {
      throw OpenAiException.invalid("model", "You must provide a model parameter.");
    }
    if (!model.isString()) {
      throw OpenAiException.invalid("model", "Invalid type for 'model': expected a string (the model's name).");
    }
    JsonNode messages = request.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw OpenAiException.invalid("messages", "messages must be a non-empty array.");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      if (!m.isObject() || !m.path("role").isString()) {
        throw OpenAiException.invalid("messages[" + i + "]", "Each message must be an object with a string role.");
      }
    }
    requireType(request, "stream", JsonNode::isBoolean, "a boolean");
    requireType(request, "n", n -> n.isIntegralNumber() && n.asInt() >= 1 && n.asInt() <= 128,
        "an integer between 1 and 128");
    requireType(request, "max_tokens", n -> n.isIntegralNumber() && n.asLong() >= 1, "a positive integer");
    requireType(request, "max_completion_tokens", n -> n.isIntegralNumber() && n.asLong() >= 1,
        "a positive integer");
    requireRange(request, "temperature", 0, 2);
    requireRange(request, "top_p", 0, 1);
    requireType(request, "stop", n -> n.isString() || n.isArray(), "a string or an array of strings");
    requireType(request, "stream_options", JsonNode::isObject, "an object");
    requireType(request, "tools", JsonNode::isArray, "an array of tools");
    return request;
  }

  /** A number in [min, max]: a wrong type and a number out of range are told apart. */
  private static void requireRange(ObjectNode request, String field, double min, double max) {
    requireType(request, field, JsonNode::isNumber, "a number");
    JsonNode value = request.get(field);
    if (value != null && value.isNumber() && (value.asDouble() < min || value.asDouble() > max)) {
      throw OpenAiException.invalid(field, "Invalid value for '" + field + "': " + value.asString() + " is not between "
          + (int) min + " and " + (int) max + ".");
    }
  }

  private static void requireType(ObjectNode request, String field, java.util.function.Predicate<JsonNode> ok,
      String what) {
    JsonNode value = request.get(field);
    if (value != null && !value.isNull() && !ok.test(value)) {
      throw OpenAiException.invalid(field, "Invalid type for '" + field + "': expected " + what + ".");
    }
  }

  static boolean clientAskedUsage(ObjectNode request) {
    return request.path("stream_options").path("include_usage").asBoolean(false);
  }

  /** The body for the upstream: its own model name; usage asked for on streams when the upstream accepts it. */
  static ObjectNode forUpstream(ObjectNode request, Model model, Endpoint endpoint, boolean askUsage) {
    ObjectNode body = request.deepCopy();
    body.put("model", endpoint.upstreamModel() != null ? endpoint.upstreamModel() : model.name());
    if (body.path("stream").asBoolean(false)) {
      if (askUsage) {
        ObjectNode options = body.has("stream_options") && body.get("stream_options").isObject()
            ? (ObjectNode) body.get("stream_options") : body.putObject("stream_options");
        options.put("include_usage", true);
      } else {
        body.remove("stream_options");
      }
    }
    return body;
  }
}
