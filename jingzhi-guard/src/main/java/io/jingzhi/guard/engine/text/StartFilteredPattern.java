package io.jingzhi.guard.engine.text;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regex search that skips the start positions where no match can begin. {@code java.util.regex} tries its whole
 * pattern at every position of the text; for the guard's big alternations ("(忽略|无视|忘记…)(之前|…)…") over a
 * 2,000-character text that is most of a check's time, although only a few characters can start a match at all.
 * Which characters can is learned lazily, once per pattern and character: the pattern is tried on that character
 * alone (after a few different preceding characters, for look-behinds and word boundaries); if it fails without
 * reading past the end, no text can have a match starting with that character. Finds exactly what
 * {@link Matcher#find()} finds (same matches, same order); patterns for which the probe is not sound (a positive
 * look-behind, or one that matches the empty string) are searched with plain {@code find}. Thread-safe.
 */
public final class StartFilteredPattern {

  private static final Map<String, StartFilteredPattern> CACHE = new ConcurrentHashMap<>();
  /** Preceding characters tried when probing: none, a word character, a space, a digit, a Han character, newlines. */
  private static final String[] CONTEXTS = {"", "a", " ", "0", "中", "\n", "\r", "_", "."};
  private static final byte UNKNOWN = 0;
  private static final byte CANNOT = 1;
  private static final byte CAN = 2;

  private final Pattern pattern;
  private final boolean plain;
  private final StartFilteredPattern anchor;
  private final int maxBefore;
  /** Per BMP character: unknown, cannot start a match, can. Racy by design: writes are idempotent single bytes. */
  private final byte[] starts;

  private StartFilteredPattern(Pattern pattern, StartFilteredPattern anchor, int maxBefore) {
    this.pattern = pattern;
    this.anchor = anchor;
    this.maxBefore = maxBefore;
    this.plain = pattern.pattern().contains("(?<=") || pattern.matcher("").lookingAt();
    this.starts = plain ? null : new byte[65536];
  }

  /** The filter for {@code pattern}, shared by every pattern with the same source and flags. */
  public static StartFilteredPattern of(Pattern pattern) {
    return CACHE.computeIfAbsent(pattern.flags() + "/" + pattern.pattern(),
        k -> new StartFilteredPattern(pattern, null, 0));
  }

  /**
   * The filter for a pattern every match of which contains a match of {@code anchor} starting at most
   * {@code maxBefore} characters after the match's own start (the caller's promise, e.g. an address always has
   * "路/街… + number + 号"). Only starts within {@code maxBefore} characters before an anchor are tried, so text
   * without the anchor costs one cheap scan.
   */
  public static StartFilteredPattern anchored(Pattern pattern, Pattern anchor, int maxBefore) {
    StartFilteredPattern anchorSearch = of(anchor);
    return CACHE.computeIfAbsent(pattern.flags() + "/" + pattern.pattern() + "\u0000" + anchor.flags() + "/"
        + anchor.pattern() + "/" + maxBefore, k -> new StartFilteredPattern(pattern, anchorSearch, maxBefore));
  }

  public Pattern pattern() {
    return pattern;
  }

  /** A matcher over {@code text} set up for {@link #find(Matcher, CharSequence, int)}. */
  public Matcher matcher(CharSequence text) {
    Matcher m = pattern.matcher(text);
    m.useTransparentBounds(true);
    m.useAnchoringBounds(false);
    return m;
  }

  /**
   * The next match starting at or after {@code from}, as {@code find()} would find it; the matcher then holds the
   * match (start, end, groups in the text's offsets). {@code m} must come from {@link #matcher(CharSequence)}.
   */
  public boolean find(Matcher m, CharSequence text, int from) {
    int n = text.length();
    if (anchor != null) {
      return findAnchored(m, text, from);
    }
    if (plain) {
      m.region(from, n);
      return m.find();
    }
    for (int i = from; i < n; i++) {
      if (canStart(text.charAt(i))) {
        m.region(i, n);
        if (m.lookingAt()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The leftmost anchor at or after {@code from} is at {@code a}: every match starting before {@code a - maxBefore}
   * would contain an anchor before {@code a}, so none does; starts up to {@code a} are tried in order; a match
   * starting after {@code a} contains a later anchor, so the search moves on to the next one.
   */
  private boolean findAnchored(Matcher m, CharSequence text, int from) {
    int n = text.length();
    Matcher am = anchor.matcher(text);
    int lo = from;
    while (lo < n && anchor.find(am, text, lo)) {
      int a = am.start();
      for (int i = Math.max(lo, a - maxBefore); i <= a; i++) {
        if (plain || canStart(text.charAt(i))) {
          m.region(i, n);
          if (m.lookingAt()) {
            return true;
          }
        }
      }
      lo = a + 1;
    }
    return false;
  }

  /** Whether {@code text} has a match, as {@code matcher(text).find()} would say. */
  public boolean found(CharSequence text) {
    return find(matcher(text), text, 0);
  }

  private boolean canStart(char c) {
    if (Character.isSurrogate(c)) {
      return true;
    }
    byte s = starts[c];
    if (s == UNKNOWN) {
      s = probe(c) ? CAN : CANNOT;
      starts[c] = s;
    }
    return s == CAN;
  }

  private boolean probe(char c) {
    for (String context : CONTEXTS) {
      String text = context + c;
      Matcher m = pattern.matcher(text);
      m.useTransparentBounds(true);
      m.useAnchoringBounds(false);
      m.region(context.length(), text.length());
      if (m.lookingAt() || m.hitEnd()) {
        return true;
      }
    }
    return false;
  }
}
