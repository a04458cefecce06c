package io.jingzhi.agent.intervention;

import io.jingzhi.common.error.ApiException;

/**
 * The request bodies of the intervention API, each checked into a complete value ({@code PATCH} fields left null
 * keep the stored value). A bad field answers 400 naming it.
 */
final class Specs {

  static final int MAX_QUESTION = 2000;
  static final int MAX_ANSWER = 20_000;
  static final int MAX_PATTERN = 1000;

  private Specs() {}

  /** A curated pair as sent. */
  record QaSpec(String question, String answer, Boolean enabled) {

    QaSpec merged(QaPair before) {
      return new QaSpec(question != null ? question : before.question(), answer != null ? answer : before.answer(),
          enabled != null ? enabled : before.enabled());
    }

    QaSpec validated(String prefix) {
      String q = text(prefix + "question", question, MAX_QUESTION);
      if (Texts.normalize(q).isEmpty()) {
        throw ApiException.invalid(prefix + "question", "must contain words, not only punctuation");
      }
      return new QaSpec(q, text(prefix + "answer", answer, MAX_ANSWER), enabled == null || enabled);
    }
  }

  /** A rule as sent. */
  record RuleSpec(String name, String match, String pattern, String reply, Integer priority, Boolean enabled) {

    RuleSpec merged(Rule before) {
      return new RuleSpec(name != null ? name : before.name(), match != null ? match : before.match(),
          pattern != null ? pattern : before.pattern(), reply != null ? reply : before.reply(),
          priority != null ? priority : before.priority(), enabled != null ? enabled : before.enabled());
    }

    RuleSpec validated() {
      String n = text("name", name, 200);
      String m = match == null ? RuleMatcher.KEYWORD : match.strip();
      if (!m.equals(RuleMatcher.KEYWORD) && !m.equals(RuleMatcher.REGEX)) {
        throw ApiException.invalid("match", "must be keyword or regex");
      }
      String p = text("pattern", pattern, MAX_PATTERN);
      try {
        RuleMatcher.compile(0, 0, m, p, "");
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("pattern", e.getMessage());
      }
      int pr = priority == null ? 100 : priority;
      if (pr < 0 || pr > 100_000) {
        throw ApiException.invalid("priority", "must be between 0 and 100000");
      }
      return new RuleSpec(n, m, p, text("reply", reply, MAX_ANSWER), pr, enabled == null || enabled);
    }
  }

  /** The settings as sent. */
  record SettingsSpec(Boolean enabled, Double threshold) {

    InterventionSettings merged(InterventionSettings before) {
      double t = threshold != null ? threshold : before.threshold();
      if (Double.isNaN(t) || t < 0 || t > 1) {
        throw ApiException.invalid("threshold", "must be a similarity between 0 and 1");
      }
      return new InterventionSettings(enabled != null ? enabled : before.enabled(), t);
    }
  }

  /** Feedback on a run as sent. */
  record FeedbackSpec(String rating, String comment, String correctedAnswer) {

    FeedbackSpec validated() {
      if (!"up".equals(rating) && !"down".equals(rating)) {
        throw ApiException.invalid("rating", "must be up or down");
      }
      return new FeedbackSpec(rating, optional("comment", comment, 2000),
          optional("corrected_answer", correctedAnswer, MAX_ANSWER));
    }
  }

  static String text(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalid(field, "required");
    }
    String v = value.strip();
    if (v.length() > max) {
      throw ApiException.invalid(field, "at most " + max + " characters");
    }
    return v;
  }

  static String optional(String field, String value, int max) {
    return value == null || value.isBlank() ? null : text(field, value, max);
  }
}
