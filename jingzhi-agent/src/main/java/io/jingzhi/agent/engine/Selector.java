package io.jingzhi.agent.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A parsed selector: {@code head.path...} where head is a node id (or a loop id inside its body), {@code sys},
 * {@code env} or {@code conv}. Parsed once at compile time so running nodes never scan text for it.
 */
public record Selector(String text, String head, String[] path) {

  public static final String SYS = "sys";
  public static final String ENV = "env";
  public static final String CONV = "conv";

  /** The selector of {@code text} ({@code a.b.0}, with or without surrounding {@code {{ }}}); null when malformed. */
  public static Selector parse(String text) {
    if (text == null) {
      return null;
    }
    String t = strip(text);
    if (t.isEmpty()) {
      return null;
    }
    String[] parts = t.split("\\.", -1);
    for (String part : parts) {
      if (!isName(part)) {
        return null;
      }
    }
    return new Selector(t, parts[0], Arrays.copyOfRange(parts, 1, parts.length));
  }

  /** {@code {{ a.b }}} → {@code a.b}; other text stripped of blanks. */
  public static String strip(String text) {
    String t = text.strip();
    if (t.startsWith("{{") && t.endsWith("}}") && t.length() >= 4) {
      t = t.substring(2, t.length() - 2).strip();
    }
    return t;
  }

  static boolean isName(String part) {
    if (part.isEmpty()) {
      return false;
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** The first path element (a node's output name), or null. */
  public String output() {
    return path.length == 0 ? null : path[0];
  }

  /** Walks {@code path} from {@code from} into maps (by key) and lists (by index); null when absent. */
  public static Object walk(Object from, String[] path, int start) {
    Object current = from;
    for (int i = start; i < path.length && current != null; i++) {
      current = step(current, path[i]);
    }
    return current;
  }

  private static Object step(Object current, String key) {
    if (current instanceof Map<?, ?> map) {
      return map.get(key);
    }
    if (current instanceof List<?> list) {
      int index = index(key);
      return index >= 0 && index < list.size() ? list.get(index) : null;
    }
    return null;
  }

  static int index(String key) {
    if (key.isEmpty() || key.length() > 9) {
      return -1;
    }
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) < '0' || key.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Selector s && s.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
