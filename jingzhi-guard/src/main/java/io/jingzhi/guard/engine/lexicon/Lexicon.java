package io.jingzhi.guard.engine.lexicon;

import io.jingzhi.guard.engine.Match;
import io.jingzhi.guard.engine.RiskLevel;
import io.jingzhi.guard.engine.Span;
import io.jingzhi.guard.engine.decode.Layer;
import io.jingzhi.guard.engine.decode.Normalizer;
import io.jingzhi.guard.engine.decode.Pinyin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

/**
 * An immutable, versioned keyword bank: terms by risk type plus whitelist terms, compiled into Aho–Corasick
 * automata (one pass over a layer whatever the bank size). Terms are matched in their normalised, compact form,
 * so the bank sees through width, case, spacing and traditional characters like the text does. Long high-risk
 * terms are also matched by pinyin, which catches homophones and terms typed in pinyin.
 */
public final class Lexicon {

  /** Below three syllables homophones collide with ordinary words too often to block on. */
  static final int MIN_PINYIN_CHARS = 3;

  private final String version;
  private final Instant createdAt;
  private final List<LexiconEntry> entries;
  private final Map<String, List<LexiconEntry>> byKey = new HashMap<>();
  private final Map<String, List<LexiconEntry>> byPinyin = new HashMap<>();
  private final Trie terms;
  private final Trie whitelist;
  private final Trie pinyin;
  private final Trie protective;
  /** Proximity whitelist entries ({@code 杀死…蟑螂}): second parts by first part, in matching form. */
  private final Map<String, List<String>> nearAllowed = new HashMap<>();
  /** Whitelist terms, for proximity entries only their first parts (one automaton, one pass). */
  private final Set<String> allowKeys = new LinkedHashSet<>();
  private final String[] sortedKeys;
  private final int maxKeyLength;

  public Lexicon(String version, Instant createdAt, Collection<LexiconEntry> entries) {
    this.version = version;
    this.createdAt = createdAt;
    this.entries = List.copyOf(entries);
    Set<String> protectKeys = new LinkedHashSet<>();
    for (LexiconEntry e : this.entries) {
      List<String> near = e.nearParts();
      if (!near.isEmpty()) {
        String first = key(near.get(0));
        String second = key(near.get(1));
        if (!first.isEmpty() && !second.isEmpty()) {
          nearAllowed.computeIfAbsent(first, k -> new ArrayList<>()).add(second);
        }
        continue;
      }
      String key = key(e.term());
      if (key.isEmpty()) {
        continue;
      }
      if (e.kind() != LexiconEntry.Kind.TERM) {
        (e.whitelist() ? allowKeys : protectKeys).add(key);
        continue;
      }
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
      String py = key.length() >= MIN_PINYIN_CHARS && e.level() == RiskLevel.HIGH && e.requires().isEmpty()
          ? Pinyin.key(key) : null;
      if (py != null) {
        byPinyin.computeIfAbsent(py, k -> new ArrayList<>()).add(e);
      }
    }
    this.sortedKeys = byKey.keySet().stream().sorted().toArray(String[]::new);
    this.maxKeyLength = byKey.keySet().stream().mapToInt(String::length).max().orElse(0);
    this.terms = Trie.builder().addKeywords(byKey.keySet()).build();
    Set<String> whitelistKeys = new LinkedHashSet<>(allowKeys);
    whitelistKeys.addAll(nearAllowed.keySet());
    this.whitelist = Trie.builder().addKeywords(whitelistKeys).build();
    this.pinyin = Trie.builder().addKeywords(byPinyin.keySet()).build();
    this.protective = Trie.builder().addKeywords(protectKeys).build();
  }

  public static Lexicon empty() {
    return new Lexicon("empty", Instant.EPOCH, List.of());
  }

  /** The form a term or text takes for matching. */
  public static String key(String text) {
    return Normalizer.compact(Normalizer.normalise(text));
  }

  public String version() {
    return version;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public List<LexiconEntry> entries() {
    return entries;
  }

  public int size() {
    return entries.size();
  }

  /** Length of the longest term in its matching form. */
  public int maxKeyLength() {
    return maxKeyLength;
  }

  /**
   * Whether {@code key} (in matching form, see {@link #key}) is the beginning of some term — text that may still
   * grow into a hit, which a stream must hold back until the next characters decide.
   */
  public boolean startsTerm(String key) {
    if (key.isEmpty()) {
      return false;
    }
    int i = java.util.Arrays.binarySearch(sortedKeys, key);
    if (i >= 0) {
      return true;
    }
    int ceiling = -i - 1;
    return ceiling < sortedKeys.length && sortedKeys[ceiling].startsWith(key);
  }

  /**
   * Hits in the normalised and compact layers (and the pinyin reading of the first compact layer), each
   * (term, risk type) once, with whitelist hits of this bank and of {@code extraWhitelist} removed.
   */
  public List<Match> match(List<Layer> layers, Lexicon extraWhitelist) {
    Map<String, Match> found = new HashMap<>();
    List<Match> out = new ArrayList<>();
    boolean pinyinDone = false;
    for (Layer layer : layers) {
      if (!layer.name().endsWith(Layer.NORMALISED) && !layer.name().endsWith(Layer.COMPACT)) {
        continue;
      }
      List<Span> allowed = allowedSpans(layer.text(), extraWhitelist);
      for (Emit emit : terms.parseText(layer.text())) {
        Span span = new Span(emit.getStart(), emit.getEnd() + 1);
        if (allowed.stream().anyMatch(span::overlaps)) {
          continue;
        }
        for (LexiconEntry e : byKey.get(emit.getKeyword())) {
          if (contextHolds(e, layers)) {
            add(found, out, new Match("lexicon", e.riskType().code(), span, layer.name(), e.term(), e.level()));
          }
        }
      }
      if (!pinyinDone && layer.name().endsWith(Layer.COMPACT) && !byPinyin.isEmpty()) {
        pinyinDone = true;
        matchPinyin(layer.text(), allowed, found, out);
      }
    }
    return protectiveIntent(layers, extraWhitelist) ? out.stream().map(Lexicon::soften).toList() : out;
  }

  private boolean protectiveIntent(List<Layer> layers, Lexicon extra) {
    for (Layer layer : layers) {
      if (layer.name().endsWith(Layer.COMPACT) && (protective.containsMatch(layer.text())
          || extra != null && extra != this && extra.protective.containsMatch(layer.text()))) {
        return true;
      }
    }
    return false;
  }

  private static Match soften(Match m) {
    return m.level() == RiskLevel.HIGH
        ? new Match(m.type(), m.riskType(), m.span(), m.layer(), m.rule() + " (protective context)", RiskLevel.MEDIUM)
        : m;
  }

  private void matchPinyin(String compact, List<Span> allowed, Map<String, Match> found, List<Match> out) {
    if (!allowed.isEmpty()) {
      return; // a whitelisted phrase is present; pinyin spans cannot be compared with it, so stay quiet
    }
    Pinyin.Reading reading = Pinyin.read(compact);
    for (Emit emit : pinyin.parseText(reading.text())) {
      int start = emit.getStart();
      int end = emit.getEnd() + 1;
      if (!reading.boundary()[start] || !reading.boundary()[end]) {
        continue;
      }
      for (LexiconEntry e : byPinyin.get(emit.getKeyword())) {
        add(found, out, new Match("lexicon", e.riskType().code(), new Span(start, end), "pinyin", e.term(),
            e.level()));
      }
    }
  }

  private List<Span> allowedSpans(String text, Lexicon extra) {
    List<Span> spans = new ArrayList<>();
    for (Lexicon bank : extra == null || extra == this ? List.of(this) : List.of(this, extra)) {
      for (Emit emit : bank.whitelist.parseText(text)) {
        if (bank.allowKeys.contains(emit.getKeyword())) {
          spans.add(new Span(emit.getStart(), emit.getEnd() + 1));
        }
        for (String second : bank.nearAllowed.getOrDefault(emit.getKeyword(), List.of())) {
          int end = secondPartEnd(text, emit.getEnd() + 1, second);
          if (end > 0) {
            spans.add(new Span(emit.getStart(), end));
          }
        }
      }
    }
    return spans;
  }

  /**
   * Where {@code second} ends when it starts within {@link LexiconEntry#NEAR_GAP} letters or digits of {@code from},
   * otherwise -1. A run of Latin letters and digits counts as one (杀死一个Linux进程: 一, 个, Linux).
   */
  private static int secondPartEnd(String text, int from, String second) {
    int gap = 0;
    for (int at = from; gap <= LexiconEntry.NEAR_GAP && at + second.length() <= text.length(); gap++) {
      if (text.startsWith(second, at)) {
        return at + second.length();
      }
      if (!Character.isLetterOrDigit(text.charAt(at))) {
        return -1;
      }
      at = latinWordEnd(text, at);
    }
    return -1;
  }

  /** The index after the character at {@code at}, or after the whole run of ASCII letters and digits it starts. */
  private static int latinWordEnd(String text, int at) {
    int end = at + 1;
    if (isAsciiAlnum(text.charAt(at))) {
      while (end < text.length() && isAsciiAlnum(text.charAt(end))) {
        end++;
      }
    }
    return end;
  }

  private static boolean isAsciiAlnum(char c) {
    return c < 128 && Character.isLetterOrDigit(c);
  }

  private static boolean contextHolds(LexiconEntry e, List<Layer> layers) {
    if (e.requires().isEmpty()) {
      return true;
    }
    for (Layer layer : layers) {
      if (layer.name().endsWith(Layer.COMPACT)) {
        for (String word : e.requires()) {
          if (layer.text().contains(key(word))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static void add(Map<String, Match> found, List<Match> out, Match m) {
    if (found.putIfAbsent(m.rule() + "\u0000" + m.riskType(), m) == null) {
      out.add(m);
    }
  }
}
