package io.jingzhi.agent.node.control;

import io.jingzhi.agent.engine.Values;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The comparison operators of if/else conditions, on run-time values. Numbers compare by value (a numeric string
 * against a number compares as a number); everything else compares as text.
 */
final class Conditions {

  static final Set<String> UNARY = Set.of("empty", "not_empty", "is_true", "is_false");
  static final Set<String> NUMERIC = Set.of("gt", "ge", "lt", "le");
  static final Set<String> OPS = Set.of("equals", "not_equals", "contains", "not_contains", "starts_with",
      "ends_with", "empty", "not_empty", "gt", "ge", "lt", "le", "in", "not_in", "is_true", "is_false");

  private Conditions() {}

  static boolean test(Object left, String op, Object right) {
    return switch (op) {
      case "equals" -> same(left, right);
      case "not_equals" -> !same(left, right);
      case "contains" -> contains(left, right);
      case "not_contains" -> !contains(left, right);
      case "starts_with" -> left != null && Values.text(left).startsWith(Values.text(right));
      case "ends_with" -> left != null && Values.text(left).endsWith(Values.text(right));
      case "empty" -> Values.isEmpty(left);
      case "not_empty" -> !Values.isEmpty(left);
      case "gt" -> compare(left, right) > 0;
      case "ge" -> compare(left, right) >= 0;
      case "lt" -> compare(left, right) < 0 && compare(left, right) != Integer.MIN_VALUE;
      case "le" -> compare(left, right) <= 0 && compare(left, right) != Integer.MIN_VALUE;
      case "in" -> in(left, right);
      case "not_in" -> !in(left, right);
      case "is_true" -> Boolean.TRUE.equals(left) || "true".equalsIgnoreCase(Values.text(left));
      case "is_false" -> Boolean.FALSE.equals(left) || "false".equalsIgnoreCase(Values.text(left));
      default -> throw new IllegalArgumentException("unknown operator " + op);
    };
  }

  /** Equal as numbers when both read as numbers, else as text (null equals only null or empty text). */
  static boolean same(Object a, Object b) {
    BigDecimal x = number(a);
    BigDecimal y = number(b);
    if (x != null && y != null) {
      return x.compareTo(y) == 0;
    }
    return Values.text(a).equals(Values.text(b));
  }

  /** The order of two numbers; {@link Integer#MIN_VALUE} when either is not a number. */
  static int compare(Object a, Object b) {
    BigDecimal x = number(a);
    BigDecimal y = number(b);
    return x == null || y == null ? Integer.MIN_VALUE : Integer.signum(x.compareTo(y));
  }

  private static boolean contains(Object left, Object right) {
    if (left instanceof List<?> list) {
      return list.stream().anyMatch(item -> same(item, right));
    }
    if (left instanceof Map<?, ?> map) {
      return map.containsKey(Values.text(right));
    }
    return left != null && Values.text(left).contains(Values.text(right));
  }

  /** Right is a list, or text with comma-separated items. */
  private static boolean in(Object left, Object right) {
    List<?> items = right instanceof List<?> l ? l
        : right == null ? List.of() : Arrays.stream(Values.text(right).split("[,，]")).map(String::strip).toList();
    return items.stream().anyMatch(item -> same(left, item));
  }

  static BigDecimal number(Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      return null;
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    if (value instanceof String s && !s.isBlank()) {
      try {
        return new BigDecimal(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
