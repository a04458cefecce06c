package io.jingzhi.guard.lexicon;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.guard.engine.RiskLevel;
import io.jingzhi.guard.engine.lexicon.Lexicon;
import io.jingzhi.guard.engine.lexicon.LexiconEntry;
import io.jingzhi.guard.engine.lexicon.LexiconIo;
import io.jingzhi.guard.engine.lexicon.RiskType;
import java.util.List;
import java.util.Locale;

/**
 * An entry as an operator gives it. {@code kind} defaults to {@code term}, {@code level} to {@code high}; risk
 * type and level are ignored for whitelist and protective entries.
 */
public record EntrySpec(String term, String riskType, String level, List<String> requires, String kind,
    String note) {

  static final int MAX_NOTE_CHARS = 500;
  static final int MAX_CONTEXT_WORDS = 20;
  static final int MAX_CONTEXT_WORD_CHARS = 40;

  /** The validated engine entry; a 400 naming the field otherwise. */
  LexiconEntry toEntry() {
    String t = term == null ? "" : term.strip();
    if (t.isEmpty()) {
      throw ApiException.invalid("term", "must not be blank");
    }
    if (t.length() > LexiconIo.MAX_TERM_CHARS) {
      throw ApiException.invalid("term", "at most " + LexiconIo.MAX_TERM_CHARS + " characters");
    }
    if (Lexicon.key(t).isEmpty()) {
      throw ApiException.invalid("term", "has nothing left to match once spacing and punctuation are removed");
    }
    String n = note == null ? "" : note.strip();
    if (n.length() > MAX_NOTE_CHARS) {
      throw ApiException.invalid("note", "at most " + MAX_NOTE_CHARS + " characters");
    }
    LexiconEntry.Kind k = kind(kind);
    if (k != LexiconEntry.Kind.TERM) {
      return entry(t, null, null, List.of(), k, n);
    }
    RiskType type = RiskType.byCode(riskType).orElseThrow(() -> ApiException.invalid("risk_type",
        "must be one of the 31 TC260-003 risk types, such as A.1.4 (see /api/v1/guard/risk-types)"));
    RiskLevel l = level(level);
    return entry(t, type, l, context(requires), k, n);
  }

  /** The entry, its own checks (a misplaced proximity marker: 杀死…蟑螂 is for whitelist entries) as a 400 on term. */
  private static LexiconEntry entry(String term, RiskType type, RiskLevel level, List<String> requires,
      LexiconEntry.Kind kind, String note) {
    try {
      return new LexiconEntry(term, type, level, requires, kind, note);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("term", e.getMessage());
    }
  }

  private static LexiconEntry.Kind kind(String kind) {
    if (kind == null || kind.isBlank()) {
      return LexiconEntry.Kind.TERM;
    }
    return switch (kind.strip().toLowerCase(Locale.ROOT)) {
      case "term" -> LexiconEntry.Kind.TERM;
      case "whitelist" -> LexiconEntry.Kind.WHITELIST;
      case "protective" -> LexiconEntry.Kind.PROTECTIVE;
      default -> throw ApiException.invalid("kind", "must be term, whitelist or protective");
    };
  }

  private static RiskLevel level(String level) {
    if (level == null || level.isBlank()) {
      return RiskLevel.HIGH;
    }
    return switch (level.strip().toLowerCase(Locale.ROOT)) {
      case "low" -> RiskLevel.LOW;
      case "medium" -> RiskLevel.MEDIUM;
      case "high" -> RiskLevel.HIGH;
      default -> throw ApiException.invalid("level", "must be low, medium or high");
    };
  }

  private static List<String> context(List<String> words) {
    if (words == null) {
      return List.of();
    }
    List<String> out = words.stream().filter(w -> w != null && !w.isBlank()).map(String::strip).distinct().toList();
    if (out.size() > MAX_CONTEXT_WORDS) {
      throw ApiException.invalid("requires", "at most " + MAX_CONTEXT_WORDS + " context words");
    }
    for (String w : out) {
      if (w.length() > MAX_CONTEXT_WORD_CHARS || w.contains("|")) {
        throw ApiException.invalid("requires", "each context word at most " + MAX_CONTEXT_WORD_CHARS
            + " characters and without '|'");
      }
    }
    return out;
  }
}
