package io.jingzhi.knowledge.document;

import io.jingzhi.common.error.ApiException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks document metadata given by users (the upload's {@code metadata} part, a PATCH): a flat JSON object of
 * strings, numbers or lists of strings; the date fields are ISO dates, so range filters on them work.
 */
@Component
public class DocumentMetadata {

  static final Set<String> DATES = Set.of("publish_date", "effective_date", "expiry_date");

  private final JsonMapper json;

  public DocumentMetadata(JsonMapper json) {
    this.json = json;
  }

  /** Parses and checks the text of a metadata part; null or blank gives an empty object. */
  public ObjectNode parse(String text) {
    if (text == null || text.isBlank()) {
      return json.createObjectNode();
    }
    JsonNode node;
    try {
      node = json.readTree(text);
    } catch (RuntimeException e) {
      throw ApiException.invalid("metadata", "is not valid JSON");
    }
    return check(node);
  }

  public ObjectNode check(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw ApiException.invalid("metadata", "must be a JSON object");
    }
    if (node.size() > 50) {
      throw ApiException.invalid("metadata", "at most 50 fields");
    }
    node.properties().forEach(e -> {
      String field = "metadata." + e.getKey();
      JsonNode v = e.getValue();
      if (v.isObject() || (v.isArray() && v.valueStream().anyMatch(x -> !x.isValueNode()))) {
        throw ApiException.invalid(field, "must be a string, a number or a list of strings");
      }
      if (v.isString() && v.asString().length() > 1000) {
        throw ApiException.invalid(field, "at most 1000 characters");
      }
      if (DATES.contains(e.getKey()) && !v.isNull()) {
        try {
          LocalDate.parse(v.asString());
        } catch (DateTimeParseException ex) {
          throw ApiException.invalid(field, "must be an ISO date (2026-01-31)");
        }
      }
    });
    return (ObjectNode) node.deepCopy();
  }
}
