package io.jingzhi.agent.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Types of workflow variables and node outputs. Values at run time are plain JSON-like Java values: {@link String},
 * {@link Number}, {@link Boolean}, {@link java.util.Map}, {@link java.util.List}. {@code SECRET} is a string that
 * is stored encrypted and never written to a trace; {@code ANY} matches every type (used where a node cannot know
 * the shape, such as an HTTP response body).
 */
public enum VarType {
  STRING, NUMBER, BOOLEAN, OBJECT, ARRAY_STRING, ARRAY_NUMBER, ARRAY_OBJECT, ARRAY_ANY, SECRET, ANY;

  /** The wire name: {@code string}, {@code array[object]} ... */
  @JsonValue
  public String wire() {
    return name().startsWith("ARRAY_") ? "array[" + name().substring(6).toLowerCase(Locale.ROOT) + "]"
        : name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static VarType parse(String wire) {
    String w = wire.strip().toLowerCase(Locale.ROOT);
    if (w.startsWith("array[") && w.endsWith("]")) {
      return valueOf("ARRAY_" + w.substring(6, w.length() - 1).toUpperCase(Locale.ROOT));
    }
    if (w.equals("array")) {
      return ARRAY_ANY;
    }
    return valueOf(w.toUpperCase(Locale.ROOT));
  }

  public boolean isArray() {
    return name().startsWith("ARRAY_");
  }

  /** True when a value of type {@code actual} may be used where this type is expected. */
  public boolean accepts(VarType actual) {
    return this == ANY || actual == ANY || this == actual
        || (this == STRING && actual == SECRET)
        || (this == ARRAY_ANY && actual.isArray())
        || (actual == ARRAY_ANY && isArray());
  }
}
