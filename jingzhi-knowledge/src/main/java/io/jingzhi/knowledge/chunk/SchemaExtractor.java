package io.jingzhi.knowledge.chunk;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a chunk's custom schema fields and reports values that break their rules. A value comes from the chunk's
 * metadata (a table column of that name) or else from its first {@code 字段名：值} line. Dates are stored as
 * ISO-8601 (2024-03-01) and numbers without thousands separators so that filters compare them; a value that
 * breaks a rule is kept as found and named in {@code schema_errors}: {@code 字段: code (detail); …} with the codes
 * missing, too_long, not_a_number, not_a_date, not_allowed.
 */
final class SchemaExtractor {

  static final String ERRORS = "schema_errors";

  private static final Pattern DATE =
      Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");
  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:\\.\\d+)?");

  private SchemaExtractor() {}

  static Map<String, String> apply(List<SchemaField> schema, String text, Map<String, String> metadata) {
    if (schema.isEmpty()) {
      return metadata;
    }
    Map<String, String> out = new LinkedHashMap<>(metadata);
    List<String> errors = new ArrayList<>();
    for (SchemaField field : schema) {
      String value = out.containsKey(field.name()) ? out.get(field.name()).strip() : fromText(field.name(), text);
      if (value == null || value.isEmpty()) {
        if (field.required()) {
          errors.add(field.name() + ": missing");
        }
        continue;
      }
      out.put(field.name(), check(field, value, errors));
    }
    if (!errors.isEmpty()) {
      out.put(ERRORS, String.join("; ", errors));
    }
    return out;
  }

  private static String fromText(String name, String text) {
    Matcher m = Pattern.compile("(?m)^[\\s【\\[*]*" + Pattern.quote(name) + "[】\\]*]*\\s*[:：]\\s*(.*)$").matcher(text);
    return m.find() ? m.group(1).strip() : null;
  }

  /** The value to store: normalised when it is valid, as found when it is not (the error is added). */
  private static String check(SchemaField field, String value, List<String> errors) {
    String stored = value;
    switch (field.type()) {
      case "number" -> {
        String plain = value.replace(",", "").replace("，", "");
        if (NUMBER.matcher(plain).matches()) {
          stored = plain;
        } else {
          errors.add(field.name() + ": not_a_number (" + shorten(value) + ")");
        }
      }
      case "date" -> {
        String iso = isoDate(value);
        if (iso != null) {
          stored = iso;
        } else {
          errors.add(field.name() + ": not_a_date (" + shorten(value) + ")");
        }
      }
      case "enum" -> {
        if (!field.values().contains(value)) {
          errors.add(field.name() + ": not_allowed (" + shorten(value) + ")");
        }
      }
      default -> { }
    }
    if (field.maxLength() != null && value.length() > field.maxLength()) {
      errors.add(field.name() + ": too_long (" + value.length() + " > " + field.maxLength() + ")");
    }
    return stored;
  }

  private static String isoDate(String value) {
    Matcher m = DATE.matcher(value);
    if (!m.matches()) {
      return null;
    }
    try {
      return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))
          .toString();
    } catch (DateTimeException e) {
      return null; // 2024-02-30 looks like a date but is none
    }
  }

  private static String shorten(String value) {
    return value.length() <= 20 ? value : value.substring(0, 20) + "…";
  }
}
