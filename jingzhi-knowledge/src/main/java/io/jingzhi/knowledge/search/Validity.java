package io.jingzhi.knowledge.search;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * Whether a document is in force, read from its metadata only: superseded (it names {@code superseded_by}, or a
 * newer document names its {@code doc_number} in {@code supersedes}) wins over expired ({@code expiry_date} has
 * passed), which wins over valid (in force today: {@code effective_date}, when given, has come). A document
 * without any date, or one whose {@code effective_date} is still ahead, is unknown.
 */
final class Validity {

  static final String VALID = "valid";
  static final String EXPIRED = "expired";
  static final String SUPERSEDED = "superseded";
  static final String UNKNOWN = "unknown";

  private Validity() {}

  static String of(JsonNode metadata, LocalDate today, Supersessions supersessions) {
    if (supersessions.superseded(metadata)) {
      return SUPERSEDED;
    }
    LocalDate expiry = date(metadata, "expiry_date");
    if (expiry != null && expiry.isBefore(today)) {
      return EXPIRED;
    }
    LocalDate effective = date(metadata, "effective_date");
    if (effective != null) {
      return effective.isAfter(today) ? UNKNOWN : VALID;
    }
    return expiry != null || date(metadata, "publish_date") != null ? VALID : UNKNOWN;
  }

  /**
   * True when the document is in force on the day: effective_date ≤ day ≤ expiry_date, a missing bound open. A
   * document with neither date says nothing of its validity and is not counted in force.
   */
  static boolean inForceOn(JsonNode metadata, LocalDate day) {
    LocalDate effective = date(metadata, "effective_date");
    LocalDate expiry = date(metadata, "expiry_date");
    if (effective == null && expiry == null) {
      return false;
    }
    return (effective == null || !effective.isAfter(day)) && (expiry == null || !expiry.isBefore(day));
  }

  /** The ISO date of a metadata field; null when missing or not a date (metadata checks dates on the way in). */
  static LocalDate date(JsonNode metadata, String field) {
    JsonNode v = metadata == null ? null : metadata.get(field);
    if (v == null || !v.isString() || v.asString().isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(v.asString().strip());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
