package io.jingzhi.agent.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Conversions between run-time values (plain {@link String}, {@link Number}, {@link Boolean}, {@link Map},
 * {@link List}) and JSON, and their text form inside rendered templates.
 */
public final class Values {

  /** The mapper for values and run state: plain JSON, names as given. */
  static final JsonMapper JSON = JsonMapper.builder().build();

  private Values() {}

  /** A value as it appears in rendered text: null as empty, strings as they are, the rest as JSON. */
  public static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return JSON.writeValueAsString(value);
  }

  /** A JSON tree as a plain value (numbers as Long, Double or BigDecimal). */
  public static Object plain(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isString()) {
      return node.asString();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNumber()) {
      return number(node.numberValue());
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(n -> list.add(plain(n)));
      return list;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (var e : node.properties()) {
        map.put(e.getKey(), plain(e.getValue()));
      }
      return map;
    }
    return node.asString();
  }

  static Object number(Number n) {
    if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return n.longValue();
    }
    if (n instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : new BigDecimal(b);
    }
    if (n instanceof Float f) {
      return f.doubleValue();
    }
    return n;
  }

  /** A plain value as a JSON tree. */
  public static JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }

  /** Parses JSON text into a plain value; throws {@link tools.jackson.core.JacksonException} when malformed. */
  public static Object parse(String json) {
    return plain(JSON.readTree(json));
  }

  /** True for null, an empty or blank string, an empty list or map. */
  public static boolean isEmpty(Object value) {
    return value == null || value instanceof String s && s.isBlank() || value instanceof List<?> l && l.isEmpty()
        || value instanceof Map<?, ?> m && m.isEmpty();
  }
}
