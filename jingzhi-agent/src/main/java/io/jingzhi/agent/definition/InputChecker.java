package io.jingzhi.agent.definition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks given values against declared variables (start inputs, human-input form fields): required, type
 * (with the coercions a form or query string needs: {@code "3"} → 3, {@code "true"} → true), longest text and
 * allowed options. Answers the values typed, defaults filled in; undeclared values are dropped.
 */
public final class InputChecker {

  private static final JsonMapper SNAKE = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

  private InputChecker() {}

  /** A value that does not fit its declaration. */
  public static final class InvalidInput extends RuntimeException {
    private final String input;
    private final String reason;

    public InvalidInput(String input, String reason) {
      super("input " + input + ": " + reason);
      this.input = input;
      this.reason = reason;
    }

    public String input() {
      return input;
    }

    public String reason() {
      return reason;
    }
  }

  /** Declared variables from a JSON array (a form's {@code fields}). */
  public static List<VariableSpec> fields(JsonNode array) {
    List<VariableSpec> fields = new ArrayList<>();
    if (array != null && array.isArray()) {
      for (JsonNode f : array) {
        try {
          fields.add(SNAKE.treeToValue(f, VariableSpec.class));
        } catch (JacksonException | IllegalArgumentException e) {
          throw new InvalidInput(f.path("name").asString("?"), "invalid declaration: " + e.getMessage());
        }
      }
    }
    return fields;
  }

  /**
   * The values checked and typed.
   *
   * @param defaultMaxLength longest text when a string variable declares none (0: no limit)
   */
  public static Map<String, Object> check(List<VariableSpec> specs, Map<String, Object> given,
      int defaultMaxLength) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (VariableSpec spec : specs) {
      Object value = given.get(spec.name());
      if (value == null || value instanceof String s && s.isEmpty()) {
        if (spec.required()) {
          throw new InvalidInput(spec.name(), "is required");
        }
        values.put(spec.name(), spec.value());
        continue;
      }
      VarType type = spec.type() == null ? VarType.STRING : spec.type();
      Object typed = coerce(spec.name(), type, value);
      checkLength(spec, typed, defaultMaxLength);
      checkOptions(spec, typed);
      values.put(spec.name(), typed);
    }
    return values;
  }

  static Object coerce(String name, VarType type, Object value) {
    return switch (type) {
      case STRING, SECRET -> {
        if (value instanceof Map || value instanceof List) {
          throw new InvalidInput(name, "must be text");
        }
        yield value.toString();
      }
      case NUMBER -> number(name, value);
      case BOOLEAN -> {
        if (value instanceof Boolean) {
          yield value;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
          yield Boolean.parseBoolean(s);
        }
        throw new InvalidInput(name, "must be true or false");
      }
      case OBJECT -> {
        if (!(value instanceof Map)) {
          throw new InvalidInput(name, "must be an object");
        }
        yield value;
      }
      case ARRAY_STRING, ARRAY_NUMBER, ARRAY_OBJECT, ARRAY_ANY -> {
        if (!(value instanceof List<?> list)) {
          throw new InvalidInput(name, "must be an array");
        }
        VarType element = switch (type) {
          case ARRAY_STRING -> VarType.STRING;
          case ARRAY_NUMBER -> VarType.NUMBER;
          case ARRAY_OBJECT -> VarType.OBJECT;
          default -> VarType.ANY;
        };
        List<Object> items = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
          items.add(list.get(i) == null ? null : coerce(name + "[" + i + "]", element, list.get(i)));
        }
        yield items;
      }
      case ANY -> value;
    };
  }

  private static Object number(String name, Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number) {
      return value;
    }
    if (value instanceof String s) {
      try {
        BigDecimal d = new BigDecimal(s.strip());
        if (d.scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
          return d.longValueExact();
        }
        return d.doubleValue();
      } catch (NumberFormatException | ArithmeticException e) {
        // falls through to the message below
      }
    }
    throw new InvalidInput(name, "must be a number");
  }

  private static void checkLength(VariableSpec spec, Object value, int defaultMaxLength) {
    int max = spec.maxLength() != null ? spec.maxLength() : defaultMaxLength;
    if (max > 0 && value instanceof String s && s.codePointCount(0, s.length()) > max) {
      throw new InvalidInput(spec.name(), "is longer than " + max + " characters");
    }
  }

  private static void checkOptions(VariableSpec spec, Object value) {
    if (spec.options().isEmpty()) {
      return;
    }
    List<?> chosen = value instanceof List<?> l ? l : List.of(value);
    for (Object v : chosen) {
      if (v != null && !spec.options().contains(v.toString())) {
        throw new InvalidInput(spec.name(), "must be one of " + spec.options());
      }
    }
  }
}
