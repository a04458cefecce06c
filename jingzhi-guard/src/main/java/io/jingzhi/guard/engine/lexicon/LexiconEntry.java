package io.jingzhi.guard.engine.lexicon;

import io.jingzhi.guard.engine.RiskLevel;
import java.util.List;

/**
 * A term of a keyword bank. {@code requires}: context words of which at least one must also appear for the term
 * to count (empty: the term counts alone) — how a neutral word such as 炸药 blocks only next to 制作 or 配方.
 * A {@code WHITELIST} entry cancels any bank hit its own occurrence overlaps (杀死进程 cancels 杀死). A
 * {@code PROTECTIVE} entry (举报, 求助, 预防…) anywhere in the text lowers high hits to medium: someone asking how
 * to report or prevent a harm names the harm; the hit stays visible and still blocks next to an attack.
 */
public record LexiconEntry(String term, RiskType riskType, RiskLevel level, List<String> requires, Kind kind,
    String note) {

  /** What an entry does when it occurs. */
  public enum Kind {
    TERM,
    WHITELIST,
    PROTECTIVE
  }

  public LexiconEntry {
    if (term == null || term.isBlank()) {
      throw new IllegalArgumentException("a lexicon term must not be blank");
    }
    requires = requires == null ? List.of() : List.copyOf(requires);
    note = note == null ? "" : note;
    kind = kind == null ? Kind.TERM : kind;
    if (kind == Kind.TERM && (riskType == null || level == null || level == RiskLevel.NONE)) {
      throw new IllegalArgumentException("term '" + term + "' needs a risk type and a level above none");
    }
  }

  public static LexiconEntry term(String term, RiskType type, RiskLevel level, String... requires) {
    return new LexiconEntry(term, type, level, List.of(requires), Kind.TERM, "");
  }

  public static LexiconEntry allow(String term) {
    return new LexiconEntry(term, null, null, List.of(), Kind.WHITELIST, "");
  }

  public static LexiconEntry protective(String term) {
    return new LexiconEntry(term, null, null, List.of(), Kind.PROTECTIVE, "");
  }

  public boolean whitelist() {
    return kind == Kind.WHITELIST;
  }
}
