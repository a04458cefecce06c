package io.jingzhi.guard.engine.semantic;

import io.jingzhi.guard.engine.decode.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The parts of a text the classifier embeds. A short text is one window. A long one (a jailbreak wrapper of
 * 500–2,000 characters hides its question anywhere, most often at the end) is its head plus up to
 * {@code maxExtra} sentence-packed chunks from the rest: the last ones and those that read as a question or
 * request. The classifier takes the most risky window, so a harmful question is not diluted by the wrapper.
 */
final class TextWindows {

  static final int HEAD = 512;
  static final int CHUNK = 160;
  static final int MIN_PAYLOAD = 6;
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[。！？!?；;\\n])");
  private static final Pattern ASKS = Pattern.compile("[?？]|如何|怎么|怎样|为什么|请|帮我|告诉我|教我|写一|how|what|why|write",
      Pattern.CASE_INSENSITIVE);

  private static final Pattern SPACE_NEXT_TO_HAN = Pattern.compile("(?<=\\p{IsHan})\\s+|\\s+(?=\\p{IsHan})");

  private TextWindows() {}

  /**
   * What is embedded, at training and at run time: the guard's normalised form (NFKC width folding, invisible
   * characters and emoji removed, traditional → simplified) without whitespace next to Chinese characters, so
   * "炸 弹", "炸\u200B弹", "ｆｕｌｌ" and traditional spellings embed like the plain text.
   */
  static String prepare(String text) {
    return prepareNormalised(Normalizer.normalise(text));
  }

  /** {@link #prepare} of a text already normalised: whitespace runs next to a Chinese character removed. */
  static String prepareNormalised(String normalised) {
    int at = firstWhitespace(normalised, 0);
    if (at < 0) {
      return normalised;
    }
    StringBuilder out = new StringBuilder(normalised.length());
    int from = 0;
    while (at >= 0) {
      int end = at;
      while (end < normalised.length() && isSpace(normalised.charAt(end))) {
        end++;
      }
      // The char before, not the code point: the regex's look-behind sees a lone low surrogate there (the model was
      // trained on the regex's output, so a space after a supplementary ideograph stays).
      boolean han = at > 0 && isHan(normalised.charAt(at - 1))
          || end < normalised.length() && isHan(normalised.codePointAt(end));
      out.append(normalised, from, han ? at : end);
      from = end;
      at = firstWhitespace(normalised, end);
    }
    return out.append(normalised, from, normalised.length()).toString();
  }

  /** What {@code \s} matches in {@code java.util.regex} without UNICODE_CHARACTER_CLASS. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static boolean isHan(int codePoint) {
    return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
  }

  private static int firstWhitespace(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (isSpace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** The regular-expression form of {@link #prepareNormalised} (the reference its tests compare against). */
  static String prepareNormalisedByRegex(String normalised) {
    return SPACE_NEXT_TO_HAN.matcher(normalised).replaceAll("");
  }

  /** The head only: what training embeds for each row. */
  static String head(String text) {
    return text.length() <= HEAD ? text : text.substring(0, HEAD);
  }

  static List<String> of(String text, int maxExtra) {
    List<String> out = new ArrayList<>();
    out.add(head(text));
    if (text.length() <= HEAD || maxExtra <= 0) {
      return out;
    }
    List<String> chunks = chunks(text.substring(HEAD - CHUNK / 2));
    boolean[] take = new boolean[chunks.size()];
    int taken = 0;
    for (int i = chunks.size() - 1; i >= 0 && taken < Math.min(2, maxExtra); i--, taken++) {
      take[i] = true;
    }
    for (int i = 0; i < chunks.size() && taken < maxExtra; i++) {
      if (!take[i] && ASKS.matcher(chunks.get(i)).find()) {
        take[i] = true;
        taken++;
      }
    }
    for (int i = 0; i < chunks.size(); i++) {
      if (take[i]) {
        out.add(chunks.get(i));
      }
    }
    return out;
  }

  /**
   * Every window the first stage scores: the head and, for a long text, every chunk of the rest (scoring is cheap;
   * only the windows it escalates are embedded).
   */
  static List<String> candidates(String text) {
    List<String> out = new ArrayList<>();
    out.add(head(text));
    if (text.length() > HEAD) {
      out.addAll(chunks(text.substring(HEAD - CHUNK / 2)));
    }
    addPayload(text, out);
    return out;
  }

  /**
   * What follows the last colon of a text, when it is {@value #MIN_PAYLOAD}–{@value #CHUNK} characters and at most
   * half the text: the question a role-play, story or game frame introduces ("…请以主角的身份回答：怎样…？",
   * "客户问：…", "玩家：…"), which the frame's words would otherwise dilute in the one window a short text has.
   * Only after a colon: a text's last sentence alone ("需要哪些手续？", "不用急着给建议。") reads as risky out of
   * context far more often (awesome-prompts held-out 0 → 5/92 blocked when it was tried).
   */
  static void addPayload(String text, List<String> out) {
    int colon = Math.max(text.lastIndexOf('：'), text.lastIndexOf(':'));
    if (colon < 0) {
      return;
    }
    String payload = text.substring(colon + 1).strip();
    if (payload.length() >= MIN_PAYLOAD && payload.length() <= CHUNK && payload.length() * 2 <= text.length()
        && !out.contains(payload)) {
      out.add(payload);
    }
  }

  static List<String> chunks(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String s : SENTENCE_END.split(text)) {
      if (cur.length() + s.length() > CHUNK && !cur.isEmpty()) {
        out.add(cur.toString());
        cur.setLength(0);
      }
      while (s.length() > CHUNK) {
        out.add(s.substring(0, CHUNK));
        s = s.substring(CHUNK);
      }
      cur.append(s);
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString());
    }
    out.removeIf(String::isBlank);
    return out;
  }
}
