package io.jingzhi.agent.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prepares values for the trace: secrets masked (values of secret environment variables wherever they appear, and
 * members whose name says they hold a credential), every text cut to the configured length, the result as JSON.
 * The engine masks what it knows to be secret already; this is the second line, because a secret can travel into
 * any rendered text (an HTTP header, a URL).
 */
final class TraceValues {

  static final String MASK = "******";
  private static final Pattern SECRET_NAME = Pattern.compile(
      "(?i).*(password|passwd|secret|token|api[_-]?key|authorization|credential).*");

  private final JsonMapper json;
  private final int maxChars;
  private final List<String> secrets;

  /**
   * @param secrets values to mask wherever they occur (the run's secret environment values); blank ones are
   *     ignored, as are very short ones that would mask ordinary text
   */
  TraceValues(JsonMapper json, int maxChars, Collection<String> secrets) {
    this.json = json;
    this.maxChars = Math.max(100, maxChars);
    this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
  }

  /** The value masked and cut, as JSON text; null stays null. */
  String json(Object value) {
    if (value == null) {
      return null;
    }
    return json.writeValueAsString(clean(value, null));
  }

  /** A text masked and cut. */
  String text(String value) {
    return value == null ? null : cut(mask(value));
  }

  Object clean(Object value, String name) {
    if (name != null && SECRET_NAME.matcher(name).matches() && value instanceof String s && !s.isEmpty()) {
      return MASK;
    }
    if (value instanceof String s) {
      return cut(mask(s));
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), clean(v, String.valueOf(k))));
      return out;
    }
    if (value instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(Math.min(c.size(), 1000));
      int i = 0;
      for (Object v : c) {
        if (i++ == 1000) {
          out.add("… " + (c.size() - 1000) + " more items");
          break;
        }
        out.add(clean(v, null));
      }
      return out;
    }
    if (value instanceof tools.jackson.databind.JsonNode node) {
      return clean(json.convertValue(node, Object.class), name);
    }
    return value;
  }

  private String mask(String s) {
    String out = s;
    for (String secret : secrets) {
      if (out.contains(secret)) {
        out = out.replace(secret, MASK);
      }
    }
    return out;
  }

  private String cut(String s) {
    return s.length() <= maxChars ? s : s.substring(0, maxChars) + "… [" + (s.length() - maxChars) + " more chars]";
  }
}
