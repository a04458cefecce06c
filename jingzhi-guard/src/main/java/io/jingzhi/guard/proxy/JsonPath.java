package io.jingzhi.guard.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The small JSONPath subset the proxy needs to find texts in an app's own JSON: {@code $}, {@code .name},
 * {@code ['name']}, {@code ["name"]}, {@code [3]}, {@code [*]} and {@code .*}. Filters, recursive descent and
 * slices are rejected at save time, so a stored path always compiles.
 */
public final class JsonPath {

  private sealed interface Step permits Key, Index, Wildcard {}

  private record Key(String name) implements Step {}

  private record Index(int index) implements Step {}

  private record Wildcard() implements Step {}

  private final String expression;
  private final List<Step> steps;

  private JsonPath(String expression, List<Step> steps) {
    this.expression = expression;
    this.steps = steps;
  }

  /** Parses an expression; the message of the exception says what is wrong and where. */
  public static JsonPath parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("empty path");
    }
    String s = expression.strip();
    if (!s.startsWith("$")) {
      throw new IllegalArgumentException("must start with $");
    }
    List<Step> steps = new ArrayList<>();
    int i = 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '.') {
        if (i + 1 < s.length() && s.charAt(i + 1) == '.') {
          throw new IllegalArgumentException("recursive descent (..) is not supported, at " + i);
        }
        int j = i + 1;
        if (j < s.length() && s.charAt(j) == '*') {
          steps.add(new Wildcard());
          i = j + 1;
          continue;
        }
        while (j < s.length() && s.charAt(j) != '.' && s.charAt(j) != '[') {
          j++;
        }
        String name = s.substring(i + 1, j);
        if (!name.matches("[A-Za-z0-9_$\\-\\p{IsHan}]+")) {
          throw new IllegalArgumentException("invalid name after '.' at " + i + " (use ['...'] for other names)");
        }
        steps.add(new Key(name));
        i = j;
      } else if (c == '[') {
        int close = bracketEnd(s, i);
        steps.add(bracket(s.substring(i + 1, close).strip(), i));
        i = close + 1;
      } else {
        throw new IllegalArgumentException("unexpected '" + c + "' at " + i);
      }
    }
    return new JsonPath(s, List.copyOf(steps));
  }

  private static int bracketEnd(String s, int open) {
    char quote = 0;
    for (int j = open + 1; j < s.length(); j++) {
      char c = s.charAt(j);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ']') {
        return j;
      }
    }
    throw new IllegalArgumentException("unclosed '[' at " + open);
  }

  private static Step bracket(String inner, int at) {
    if (inner.equals("*")) {
      return new Wildcard();
    }
    if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'")
        || inner.startsWith("\"") && inner.endsWith("\""))) {
      String name = inner.substring(1, inner.length() - 1);
      if (name.isEmpty() || name.indexOf('\'') >= 0 || name.indexOf('"') >= 0) {
        throw new IllegalArgumentException("invalid quoted name at " + at);
      }
      return new Key(name);
    }
    if (inner.matches("\\d{1,6}")) {
      return new Index(Integer.parseInt(inner));
    }
    throw new IllegalArgumentException("only [n], [*] and ['name'] are supported, at " + at);
  }

  public String expression() {
    return expression;
  }

  /** Whether the path names at most one place (no wildcard), so a value can be put there. */
  public boolean definite() {
    return steps.stream().noneMatch(Wildcard.class::isInstance);
  }

  /** Every string value the path reaches, in document order. */
  public List<Slot> find(JsonNode root) {
    List<Slot> out = new ArrayList<>();
    walk(root, null, null, -1, 0, out);
    return out;
  }

  private void walk(JsonNode node, JsonNode parent, String key, int index, int depth, List<Slot> out) {
    if (node == null) {
      return;
    }
    if (depth == steps.size()) {
      if (node.isString() && parent != null) {
        out.add(new Slot(parent, key, index));
      }
      return;
    }
    switch (steps.get(depth)) {
      case Key k -> {
        if (node instanceof ObjectNode o) {
          walk(o.get(k.name()), o, k.name(), -1, depth + 1, out);
        }
      }
      case Index ix -> {
        if (node instanceof ArrayNode a && ix.index() < a.size()) {
          walk(a.get(ix.index()), a, null, ix.index(), depth + 1, out);
        }
      }
      case Wildcard w -> {
        if (node instanceof ArrayNode a) {
          for (int n = 0; n < a.size(); n++) {
            walk(a.get(n), a, null, n, depth + 1, out);
          }
        } else if (node instanceof ObjectNode o) {
          for (Map.Entry<String, JsonNode> e : o.properties()) {
            walk(e.getValue(), o, e.getKey(), -1, depth + 1, out);
          }
        }
      }
    }
  }

  /**
   * Puts a string at a definite path, creating missing objects on the way; an index must already exist.
   *
   * @throws IllegalArgumentException when the document's shape does not allow it
   */
  public void put(JsonNode root, String text) {
    if (!definite() || steps.isEmpty()) {
      throw new IllegalArgumentException("the path must name one value below $, without wildcards");
    }
    JsonNode node = root;
    for (int d = 0; d < steps.size() - 1; d++) {
      node = child(node, steps.get(d));
    }
    Step last = steps.getLast();
    if (last instanceof Key k && node instanceof ObjectNode o) {
      o.put(k.name(), text);
    } else if (last instanceof Index ix && node instanceof ArrayNode a && ix.index() < a.size()) {
      a.set(ix.index(), a.stringNode(text));
    } else {
      throw new IllegalArgumentException("the template has no place for " + expression);
    }
  }

  private JsonNode child(JsonNode node, Step step) {
    if (step instanceof Key k && node instanceof ObjectNode o) {
      return o.has(k.name()) ? o.get(k.name()) : o.putObject(k.name());
    }
    if (step instanceof Index ix && node instanceof ArrayNode a && ix.index() < a.size()) {
      return a.get(ix.index());
    }
    throw new IllegalArgumentException("the template has no place for " + expression);
  }

  @Override
  public String toString() {
    return expression;
  }

  /** One string value inside a document, readable and replaceable in place. */
  public record Slot(JsonNode container, String key, int index) {

    public String get() {
      JsonNode v = key != null ? container.get(key) : container.get(index);
      return v == null || v.isNull() ? "" : v.asString();
    }

    public void set(String text) {
      if (container instanceof ObjectNode o) {
        o.put(key, text);
      } else if (container instanceof ArrayNode a) {
        a.set(index, a.stringNode(text));
      }
    }
  }
}
