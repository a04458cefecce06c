package io.jingzhi.guard.engine.lexicon;

import io.jingzhi.guard.engine.RiskLevel;
import java.util.List;

/**
 * A term of a keyword bank. {@code requires}: context words of which at least one must also appear for the term
 * to count (empty: the term counts alone) — how a neutral word such as 炸药 blocks only next to 制作 or 配方.
 * A {@code WHITELIST} entry cancels any bank hit its own occurrence overlaps (杀死进程 cancels 杀死); written with
 * {@value #NEAR} between two parts ({@code 杀死…蟑螂}) it is the first part followed by the second within
 * {@value #NEAR_GAP} letters or digits (no punctuation or space between), so 杀死厨房里的蟑螂 is allowed as 杀死蟑螂 is. A
 * {@code PROTECTIVE} entry (举报, 求助, 预防…) anywhere in the text lowers high hits to medium: someone asking how
 * to report or prevent a harm names the harm; the hit stays visible and still blocks next to an attack.
 */
public record LexiconEntry(String term, RiskType riskType, RiskLevel level, List<String> requires, Kind kind,
    String note) {

  /** Separates the two parts of a proximity whitelist entry. */
  public static final String NEAR = "…";
  /** At most this many characters between the two parts of a proximity whitelist entry. */
  public static final int NEAR_GAP = 6;

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
    String[] parts = term.split(NEAR, -1);
    if (parts.length > 1 && (kind != Kind.WHITELIST || parts.length != 2 || parts[0].isBlank()
        || parts[1].isBlank())) {
      throw new IllegalArgumentException("'" + term + "': only a whitelist entry may use " + NEAR
          + ", once, between two non-blank parts");
    }
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

  /** The two parts of a proximity whitelist entry ({@code 杀死…蟑螂}); empty for any other entry. */
  public List<String> nearParts() {
    return term.contains(NEAR) ? List.of(term.split(NEAR, -1)) : List.of();
  }
}
