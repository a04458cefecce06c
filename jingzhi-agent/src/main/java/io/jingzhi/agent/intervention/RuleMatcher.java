package io.jingzhi.agent.intervention;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Scripted replies by rule, tried in priority order (smaller first, then by id): a {@code keyword} rule matches when
 * any of its comma-separated words appears in the query (case and width folded), a {@code regex} rule when its
 * pattern is found in it. Patterns are checked when saved ({@link #compile}).
 */
final class RuleMatcher {

  static final String KEYWORD = "keyword";
  static final String REGEX = "regex";
  /** Longest query text a regex is run over, so a costly pattern stays bounded. */
  static final int MAX_SUBJECT = 2000;

  /** A rule ready to match. */
  record Compiled(long id, int priority, String reply, List<String> words, Pattern regex) {}

  private RuleMatcher() {}

  /** Compiles a rule; an invalid regex or an empty keyword list is an {@link IllegalArgumentException}. */
  static Compiled compile(long id, int priority, String kind, String pattern, String reply) {
    if (REGEX.equals(kind)) {
      try {
        return new Compiled(id, priority, reply, List.of(), Pattern.compile(pattern));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("not a valid regular expression: " + e.getDescription());
      }
    }
    if (!KEYWORD.equals(kind)) {
      throw new IllegalArgumentException("match must be keyword or regex");
    }
    List<String> words = new ArrayList<>();
    for (String w : pattern.split("[,，、]")) {
      String folded = fold(w.strip());
      if (!folded.isEmpty()) {
        words.add(folded);
      }
    }
    if (words.isEmpty()) {
      throw new IllegalArgumentException("name at least one keyword (comma-separated)");
    }
    return new Compiled(id, priority, reply, List.copyOf(words), null);
  }

  static Optional<Compiled> first(List<Compiled> rules, String query) {
    if (query == null || query.isBlank()) {
      return Optional.empty();
    }
    String subject = query.length() > MAX_SUBJECT ? query.substring(0, MAX_SUBJECT) : query;
    String folded = fold(subject);
    return rules.stream().sorted(Comparator.comparingInt(Compiled::priority).thenComparingLong(Compiled::id))
        .filter(r -> r.regex() != null ? find(r.regex(), subject)
            : r.words().stream().anyMatch(folded::contains))
        .findFirst();
  }

  /** Most characters one regex may read for one query: a catastrophic pattern gives up instead of hanging a run. */
  static final long MAX_STEPS = 1_000_000;

  private static boolean find(Pattern regex, String subject) {
    try {
      return regex.matcher(new Bounded(subject)).find();
    } catch (Bounded.TooCostly e) {
      return false;
    }
  }

  /** The query as the regex engine reads it, counting every character read. */
  private static final class Bounded implements CharSequence {

    static final class TooCostly extends RuntimeException {
      TooCostly() {
        super(null, null, false, false);
      }
    }

    private final String text;
    private final long[] steps;

    Bounded(String text) {
      this(text, new long[1]);
    }

    private Bounded(String text, long[] steps) {
      this.text = text;
      this.steps = steps;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      if (++steps[0] > MAX_STEPS) {
        throw new TooCostly();
      }
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Bounded(text.substring(start, end), steps);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private static String fold(String s) {
    return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }
}
