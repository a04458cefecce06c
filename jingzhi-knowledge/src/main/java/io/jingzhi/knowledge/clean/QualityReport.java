package io.jingzhi.knowledge.clean;

import java.util.List;

/**
 * How fit one document is to become knowledge, as {@link TextCleaner} found it; served by
 * {@code GET .../documents/{id}/quality} (the API adds {@code document_id}).
 *
 * @param score 0 (unusable) to 100 (nothing found)
 * @param characters characters of text after cleaning
 * @param problems what was found, fixed or not
 * @param fixed the kinds the cleaner repaired or removed
 */
public record QualityReport(int score, int characters, List<Problem> problems, List<String> fixed) {

  public static final String INVISIBLE_CHARS = "invisible_chars";
  public static final String CONTROL_CHARS = "control_chars";
  public static final String GARBLED = "garbled";
  public static final String TRADITIONAL = "traditional";
  public static final String HEADER_FOOTER = "header_footer";
  public static final String PAGE_NUMBERS = "page_numbers";
  public static final String DUPLICATES = "duplicates";
  public static final String EMPTY = "empty";
  public static final String SHORT = "short";

  public QualityReport {
    problems = List.copyOf(problems);
    fixed = List.copyOf(fixed);
  }

  /** The problem of that kind, or null. */
  public Problem problem(String kind) {
    return problems.stream().filter(p -> p.kind().equals(kind)).findFirst().orElse(null);
  }

  /**
   * One kind of problem in a document.
   *
   * @param kind one of the constants of {@link QualityReport}
   * @param count how many characters, lines or paragraphs are affected
   * @param detail what was found, for a person
   * @param suggestion what the user can do, null when the cleaner fixed it and nothing is left to do
   */
  public record Problem(String kind, int count, String detail, String suggestion) {}
}
