package io.jingzhi.agent.database;

import io.jingzhi.agent.engine.NodeFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@code {{selector}}} references of a node's SQL into JDBC parameters: each becomes a {@code ?} bound to
 * the selector's value, so a value is always data and never SQL ({@code '; DROP TABLE x; --} is a string to compare
 * with). A reference written inside quotes would be a literal question mark, so it is refused with a hint.
 */
public final class SqlTemplate {

  private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([^{}\\s]+)\\s*}}");

  private SqlTemplate() {}

  /** The SQL with {@code ?} placeholders, the values in order and the selectors they came from. */
  public record Bound(String sql, List<Object> parameters, List<String> selectors) {}

  /** The selectors a template refers to, in order. */
  public static List<String> selectors(String template) {
    List<String> out = new ArrayList<>();
    Matcher m = REFERENCE.matcher(template == null ? "" : template);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  public static Bound bind(String template, Function<String, Object> values) {
    StringBuilder sql = new StringBuilder();
    List<Object> parameters = new ArrayList<>();
    List<String> selectors = new ArrayList<>();
    Matcher m = REFERENCE.matcher(template);
    int last = 0;
    while (m.find()) {
      String before = template.substring(last, m.start());
      sql.append(before);
      if (insideQuotes(sql)) {
        throw new NodeFailure("database.invalid_sql", "write {{" + m.group(1) + "}} without quotes around it: it is"
            + " bound as a parameter, never pasted into the SQL", false);
      }
      sql.append('?');
      Object value = values.apply(m.group(1));
      parameters.add(value instanceof java.util.Map<?, ?> || value instanceof List<?> ? String.valueOf(value)
          : value);
      selectors.add(m.group(1));
      last = m.end();
    }
    sql.append(template.substring(last));
    return new Bound(sql.toString(), List.copyOf(nullSafe(parameters)), List.copyOf(selectors));
  }

  private static List<Object> nullSafe(List<Object> values) {
    // List.copyOf refuses nulls; a missing value binds as SQL NULL
    List<Object> out = new ArrayList<>(values.size());
    for (Object v : values) {
      out.add(v == null ? NullValue.INSTANCE : v);
    }
    return out;
  }

  /** Stands for a reference whose value is absent: bound as SQL NULL. */
  public enum NullValue { INSTANCE }

  private static boolean insideQuotes(CharSequence sql) {
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'' && !dbl) {
        single = !single;
      } else if (c == '"' && !single) {
        dbl = !dbl;
      }
    }
    return single || dbl;
  }
}
