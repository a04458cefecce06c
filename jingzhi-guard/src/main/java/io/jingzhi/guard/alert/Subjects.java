package io.jingzhi.guard.alert;

import io.jingzhi.guard.api.GuardSubject;
import java.util.List;

/** The kinds of subject alert rules count by and blocks apply to. */
final class Subjects {

  static final String USER = "user";
  static final String API_KEY = "api_key";
  static final String IP = "ip";
  static final List<String> ALL = List.of(USER, API_KEY, IP);

  private Subjects() {}

  /** The subject's value of a kind, or null when the check did not carry it. */
  static String value(String kind, GuardSubject s) {
    return switch (kind) {
      case USER -> s.userId() == null ? null : s.userId().toString();
      case API_KEY -> s.apiKeyId() == null ? null : s.apiKeyId().toString();
      case IP -> s.sourceIp() == null || s.sourceIp().isBlank() ? null : s.sourceIp();
      default -> null;
    };
  }

  /** What an operator recognises the subject by. */
  static String label(String kind, GuardSubject s) {
    return switch (kind) {
      case USER -> s.username() != null ? s.username() : "user " + s.userId();
      case API_KEY -> "API key " + s.apiKeyId();
      default -> s.sourceIp();
    };
  }
}
