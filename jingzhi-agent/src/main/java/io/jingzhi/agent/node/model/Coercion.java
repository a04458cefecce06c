package io.jingzhi.agent.node.model;

import io.jingzhi.agent.definition.VarType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Coerces a value a model wrote in JSON to a declared type, the way a person would read it: {@code "12"} and
 * {@code "12.5"} are numbers, {@code "是"}/{@code "yes"}/{@code "true"} booleans, a lone value a one-item list, a
 * comma-separated text a list of strings. What cannot be read as the type is null (absent), never a wrong type.
 */
final class Coercion {

  private static final Set<String> TRUE = Set.of("true", "yes", "y", "1", "是", "对", "有", "真");
  private static final Set<String> FALSE = Set.of("false", "no", "n", "0", "否", "不", "不是", "无", "没有", "假");

  private Coercion() {}

  static Object to(VarType type, Object value) {
    if (value == null || (value instanceof String s && (s.isBlank() || s.equalsIgnoreCase("null")))) {
      return null;
    }
    return switch (type) {
      case STRING, SECRET -> value instanceof Map || value instanceof List ? null : String.valueOf(value).strip();
      case NUMBER -> number(value);
      case BOOLEAN -> bool(value);
      case OBJECT -> value instanceof Map ? value : null;
      case ARRAY_STRING -> list(value, VarType.STRING);
      case ARRAY_NUMBER -> list(value, VarType.NUMBER);
      case ARRAY_OBJECT -> list(value, VarType.OBJECT);
      default -> value;
    };
  }

  private static Number number(Object value) {
    if (value instanceof Number n) {
      return n;
    }
    if (!(value instanceof String s)) {
      return null;
    }
    String t = s.strip().replace(",", "").replace("，", "");
    try {
      if (t.matches("[-+]?\\d{1,18}")) {
        return Long.parseLong(t);
      }
      double d = Double.parseDouble(t);
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    String t = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
    return TRUE.contains(t) ? Boolean.TRUE : FALSE.contains(t) ? Boolean.FALSE : null;
  }

  private static List<Object> list(Object value, VarType item) {
    List<?> items;
    if (value instanceof List<?> l) {
      items = l;
    } else if (value instanceof String s && item != VarType.OBJECT) {
      items = List.of(s.split("[,，、;；]"));
    } else {
      items = List.of(value);
    }
    List<Object> out = new ArrayList<>(items.size());
    for (Object v : items) {
      Object c = to(item, v);
      if (c == null) {
        return null; // one unreadable item makes the list unreadable: half a list would mislead
      }
      out.add(c);
    }
    return out;
  }
}
