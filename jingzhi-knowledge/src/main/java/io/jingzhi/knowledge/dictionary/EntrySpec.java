package io.jingzhi.knowledge.dictionary;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.knowledge.retrieval.QueryDictionary;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * An entry as given by a user or a file row. {@link #validated(String)} checks it and answers the normalised form;
 * {@code where} names the field or file row in the error, so a bad row of an import says which row it is.
 */
public record EntrySpec(String term, String kind, List<String> targets) {

  static final int MAX_TERM_CHARS = 100;
  static final int MAX_TARGETS = 20;

  /** The checked entry: term stripped, kind lower case, targets stripped, de-duplicated, none equal to the term. */
  EntrySpec validated(String where) {
    String t = term == null ? "" : term.strip();
    if (t.isEmpty()) {
      throw ApiException.invalid(where + "term", "required");
    }
    if (t.length() > MAX_TERM_CHARS) {
      throw ApiException.invalid(where + "term", "at most " + MAX_TERM_CHARS + " characters");
    }
    String k = kind == null || kind.isBlank() ? "term" : kind.strip().toLowerCase(Locale.ROOT);
    QueryDictionary.Entry.Kind parsed;
    try {
      parsed = QueryDictionary.Entry.Kind.valueOf(k.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(where + "kind", "must be term, synonym, abbreviation or escape, not '" + kind + "'");
    }
    var clean = new LinkedHashSet<String>();
    for (String target : targets == null ? List.<String>of() : targets) {
      String s = target == null ? "" : target.strip();
      if (s.length() > MAX_TERM_CHARS) {
        throw ApiException.invalid(where + "targets", "each target at most " + MAX_TERM_CHARS + " characters");
      }
      if (!s.isEmpty() && !s.equals(t)) {
        clean.add(s);
      }
    }
    if (parsed == QueryDictionary.Entry.Kind.TERM && !clean.isEmpty()) {
      throw ApiException.invalid(where + "targets", "a term entry has no targets; use synonym, abbreviation or escape");
    }
    if (parsed != QueryDictionary.Entry.Kind.TERM && clean.isEmpty()) {
      throw ApiException.invalid(where + "targets", "a " + k + " entry needs at least one target other than the term");
    }
    if (clean.size() > MAX_TARGETS) {
      throw ApiException.invalid(where + "targets", "at most " + MAX_TARGETS + " targets");
    }
    return new EntrySpec(t, k, new ArrayList<>(clean));
  }
}
