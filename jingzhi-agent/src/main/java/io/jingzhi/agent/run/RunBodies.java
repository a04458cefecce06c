package io.jingzhi.agent.run;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the run API's request bodies field by field, so a wrong type is a 400 that names the field. */
final class RunBodies {

  static final int MAX_QUERY_CHARS = 20_000;

  private RunBodies() {}

  /** {@code POST /apps/{code}/run}: {@code version} null = published, 0 = draft, n. */
  record RunBody(Map<String, Object> inputs, String query, String conversationId, boolean stream, Integer version) {}

  static RunBody run(JsonNode body, JsonMapper json) {
    JsonNode b = object(body);
    return new RunBody(inputs(b, "inputs", json), query(b), text(b, "conversation_id", 64), bool(b, "stream"),
        version(b.get("version")));
  }

  /** {@code POST /apps/{code}/debug}: the unsaved definition (null: the draft), inputs, query. */
  record DebugBody(WorkflowDefinition definition, Map<String, Object> inputs, String query) {}

  static DebugBody debug(JsonNode body, JsonMapper json) {
    JsonNode b = object(body);
    JsonNode d = b.get("definition");
    WorkflowDefinition definition = null;
    if (d != null && !d.isNull()) {
      if (!d.isObject()) {
        throw ApiException.invalid("definition", "must be an object (a jingzhi-workflow/1 definition)");
      }
      try {
        // Absent booleans (a variable's required) are false, as when the engine reads a stored definition.
        definition = json.readerFor(WorkflowDefinition.class)
            .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).readValue(d);
      } catch (RuntimeException e) {
        throw new AgentException(HttpStatus.UNPROCESSABLE_CONTENT, "workflow.invalid",
            "The definition cannot be read: " + e.getMessage(), List.of(new FieldError("definition",
                "does not follow the jingzhi-workflow/1 format")));
      }
    }
    return new DebugBody(definition, inputs(b, "inputs", json), query(b));
  }

  /** {@code POST /runs/{id}/input}. */
  record InputBody(Map<String, Object> values, boolean stream) {}

  static InputBody input(JsonNode body, JsonMapper json) {
    JsonNode b = object(body);
    if (b.get("values") == null || b.get("values").isNull()) {
      throw ApiException.invalid("values", "is required (an object of the form's fields)");
    }
    return new InputBody(inputs(b, "values", json), bool(b, "stream"));
  }

  /** A body that may be absent ({@code rerun}): only {@code stream}. */
  static boolean streamOnly(JsonNode body) {
    return body != null && body.isObject() && bool(body, "stream");
  }

  private static JsonNode object(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("validation_failed", "The body must be a JSON object");
    }
    return body;
  }

  private static Map<String, Object> inputs(JsonNode b, String field, JsonMapper json) {
    JsonNode v = b.get(field);
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw ApiException.invalid(field, "must be an object");
    }
    return json.convertValue(v, json.getTypeFactory().constructMapType(LinkedHashMap.class, String.class,
        Object.class));
  }

  private static String query(JsonNode b) {
    String q = text(b, "query", MAX_QUERY_CHARS);
    return q == null || q.isBlank() ? null : q;
  }

  private static String text(JsonNode b, String field, int max) {
    JsonNode v = b.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw ApiException.invalid(field, "must be a string");
    }
    if (v.asString().length() > max) {
      throw ApiException.invalid(field, "is longer than " + max + " characters");
    }
    return v.asString();
  }

  private static boolean bool(JsonNode b, String field) {
    JsonNode v = b.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw ApiException.invalid(field, "must be true or false");
    }
    return v.asBoolean();
  }

  private static Integer version(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isString() && v.asString().equals("draft")) {
      return 0;
    }
    if (v.isIntegralNumber() && v.asInt() >= 1) {
      return v.asInt();
    }
    throw ApiException.invalid("version", "must be a published version number (1, 2, ...) or \"draft\"");
  }
}
