package io.jingzhi.iam.bootstrap;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads typed fields from the YAML tree, reporting each problem with its path instead of stopping at the first.
 * Plain strings are resolved at once; a reference that cannot be resolved is a problem of that field.
 */
final class FieldReader {

  /** Dates without a time mean midnight in the city's time zone. */
  static final ZoneId LOCAL_ZONE = ZoneId.of("Asia/Shanghai");

  private final Problems problems;
  private final Placeholders placeholders;

  FieldReader(Problems problems, Placeholders placeholders) {
    this.problems = problems;
    this.placeholders = placeholders;
  }

  Problems problems() {
    return problems;
  }

  /** The node as a mapping with only the allowed fields, or null (reported) when it is not one. */
  JsonNode object(JsonNode node, String path, Set<String> allowed) {
    if (node == null || !node.isObject()) {
      problems.add(path, "must be a mapping (key: value)");
      return null;
    }
    for (String name : node.propertyNames()) {
      if (!allowed.contains(name)) {
        problems.add(join(path, name), "unknown field; expected one of " + String.join(", ", allowed));
      }
    }
    return node;
  }

  /** The elements of a list field, empty when it is absent or null. */
  List<JsonNode> list(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      problems.add(join(path, field), "must be a list");
      return List.of();
    }
    List<JsonNode> items = new ArrayList<>();
    node.forEach(items::add);
    return items;
  }

  /** A resolved string, trimmed; null when absent (reported when required). */
  String text(JsonNode parent, String field, String path, boolean required, int maxLength) {
    return text(parent.get(field), join(path, field), required, maxLength);
  }

  private String text(JsonNode node, String at, boolean required, int maxLength) {
    String raw = scalar(node, at, required);
    if (raw == null) {
      return null;
    }
    String value;
    try {
      value = placeholders.resolve(raw).strip();
    } catch (Placeholders.Unresolvable e) {
      problems.add(at, e.getMessage());
      return null;
    }
    if (value.isEmpty()) {
      if (required) {
        problems.add(at, "must not be empty");
      }
      return null;
    }
    if (value.length() > maxLength) {
      problems.add(at, "must be at most " + maxLength + " characters long");
      return null;
    }
    return value;
  }

  /** A string matching a pattern. */
  String matching(JsonNode parent, String field, String path, boolean required, Pattern pattern, String rule) {
    String value = text(parent, field, path, required, 254);
    if (value != null && !pattern.matcher(value).matches()) {
      problems.add(join(path, field), rule + " (got \"" + value + "\")");
      return null;
    }
    return value;
  }

  /** A secret: kept raw, only the syntax of its references is checked now. */
  BootstrapFile.Secret secret(JsonNode parent, String field, String path) {
    String at = join(path, field);
    String raw = scalar(parent.get(field), at, false);
    if (raw == null) {
      return null;
    }
    try {
      Placeholders.checkSyntax(raw);
    } catch (Placeholders.Unresolvable e) {
      problems.add(at, e.getMessage());
      return null;
    }
    return new BootstrapFile.Secret(at, raw);
  }

  Boolean bool(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    String value = text(parent, field, path, false, 10);
    if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
      return Boolean.parseBoolean(value);
    }
    problems.add(join(path, field), "must be true or false");
    return null;
  }

  Integer positiveInt(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    Long value = null;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = node.longValue();
    } else if (node.isString()) {
      String s = text(parent, field, path, false, 20);
      value = s != null && s.matches("-?[0-9]{1,12}") ? Long.valueOf(s) : null;
    }
    if (value == null || value <= 0 || value > Integer.MAX_VALUE) {
      problems.add(join(path, field), "must be a positive integer");
      return null;
    }
    return value.intValue();
  }

  /** An instant: {@code 2027-01-01T00:00:00Z}, with an offset ({@code +08:00}), or a date (midnight, Beijing). */
  Instant instant(JsonNode parent, String field, String path) {
    String value = text(parent, field, path, false, 40);
    if (value == null) {
      return null;
    }
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(LOCAL_ZONE).toInstant()
          : OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(join(path, field), "must be a date (2027-01-31) or a timestamp (2027-01-31T18:00:00+08:00)");
      return null;
    }
  }

  /** A list of non-empty strings; null when absent. */
  List<String> strings(JsonNode parent, String field, String path, int maxLength) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    String at = join(path, field);
    if (!node.isArray()) {
      problems.add(at, "must be a list");
      return null;
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String value = text(node.get(i), at + "[" + i + "]", true, maxLength);
      if (value != null) {
        values.add(value);
      }
    }
    return values;
  }

  private String scalar(JsonNode node, String path, boolean required) {
    if (node == null || node.isNull()) {
      if (required) {
        problems.add(path, "is required");
      }
      return null;
    }
    if (node.isString() || node.isNumber() || node.isBoolean()) {
      return node.asString();
    }
    problems.add(path, "must be a single value, not a " + (node.isArray() ? "list" : "mapping"));
    return null;
  }

  static String join(String path, String field) {
    if (path.isEmpty()) {
      return field;
    }
    return field.startsWith("[") ? path + field : path + "." + field;
  }

  static String index(String path, String field, int i) {
    return join(path, field) + "[" + i + "]";
  }
}
