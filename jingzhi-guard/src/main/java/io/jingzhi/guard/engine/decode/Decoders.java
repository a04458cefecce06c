package io.jingzhi.guard.engine.decode;

import io.jingzhi.guard.engine.text.StartFilteredPattern;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringEscapeUtils;

/** The built-in decoders: Base64, hex, URL percent-encoding, HTML entities and unicode escapes. */
public final class Decoders {

  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{8,}={0,2}");
  // A repeated group recurses once per repetition in java.util.regex: an unbounded one overflows the stack on a
  // few thousand hex digits (a long number in a prompt). Runs are taken 512 pairs at a time instead.
  private static final Pattern HEX = Pattern.compile("(?:\\\\x|0x)?((?:[0-9A-Fa-f]{2}(?:\\\\x|\\s)?){4,512})");
  private static final Pattern PERCENT = Pattern.compile("%[0-9A-Fa-f]{2}");
  private static final Pattern PERCENT_RUN = Pattern.compile("(?:%[0-9A-Fa-f]{2}){1,512}");
  private static final Pattern ENTITY = Pattern.compile("&(#\\d{2,7}|#[xX][0-9A-Fa-f]{2,6}|[A-Za-z]{2,8});");
  private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\[uU]\\{?([0-9A-Fa-f]{4,6})}?");

  private Decoders() {}

  public static List<Decoder> builtIn() {
    return List.of(of("base64", Decoders::base64), of("hex", Decoders::hex), of("url", Decoders::url),
        of("html", Decoders::html), of("unicode", Decoders::unicodeEscapes));
  }

  static Decoder of(String name, Function<String, Optional<String>> f) {
    return new Decoder() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Optional<String> decode(String text) {
        return f.apply(text);
      }
    };
  }

  /** Replaces each Base64-looking token that decodes to readable UTF-8; other tokens stay as they are. */
  static Optional<String> base64(String text) {
    return replaceTokens(text, BASE64, m -> {
      String token = m.group();
      // Plain words ("instructions", "abcdefgh") also match the alphabet; demand a mixed, padded-length token.
      if (!looksEncoded(token)) {
        return null;
      }
      try {
        byte[] bytes = token.indexOf('-') >= 0 || token.indexOf('_') >= 0
            ? Base64.getUrlDecoder().decode(stripPadding(token)) : Base64.getDecoder().decode(pad(token));
        return readable(bytes);
      } catch (IllegalArgumentException broken) {
        return null;
      }
    });
  }

  static Optional<String> hex(String text) {
    return replaceTokens(text, HEX, m -> {
      String digits = m.group(1).replaceAll("\\\\x|\\s", "");
      if (digits.length() % 2 != 0 || digits.chars().allMatch(Character::isDigit)) {
        return null; // long digit runs are phone or card numbers, not hex
      }
      return readable(HexFormat.of().parseHex(digits));
    });
  }

  static Optional<String> url(String text) {
    if (!StartFilteredPattern.of(PERCENT).found(text)) {
      return Optional.empty();
    }
    try {
      return changed(text, URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException broken) {
      // A stray '%' breaks the whole-string decode; decode the well-formed runs one by one instead.
      return replaceTokens(text, PERCENT_RUN, m -> {
        try {
          return URLDecoder.decode(m.group(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException alsoBroken) {
          return null;
        }
      });
    }
  }

  static Optional<String> html(String text) {
    if (!StartFilteredPattern.of(ENTITY).found(text)) {
      return Optional.empty();
    }
    return changed(text, StringEscapeUtils.unescapeHtml4(text));
  }

  static Optional<String> unicodeEscapes(String text) {
    return replaceTokens(text, UNICODE_ESCAPE, m -> {
      int cp = Integer.parseInt(m.group(1), 16);
      return Character.isValidCodePoint(cp) && !Character.isSurrogate((char) cp) ? Character.toString(cp) : null;
    });
  }

  private static boolean looksEncoded(String token) {
    String core = stripPadding(token);
    boolean upper = core.chars().anyMatch(Character::isUpperCase);
    boolean lower = core.chars().anyMatch(Character::isLowerCase);
    boolean digitOrSymbol = core.chars().anyMatch(c -> Character.isDigit(c) || c == '+' || c == '/');
    return core.length() >= 8 && (upper && lower || digitOrSymbol && (upper || lower)) && core.length() % 4 != 1;
  }

  private static String stripPadding(String token) {
    int end = token.length();
    while (end > 0 && token.charAt(end - 1) == '=') {
      end--;
    }
    return token.substring(0, end);
  }

  private static String pad(String token) {
    String core = stripPadding(token);
    return core + "=".repeat((4 - core.length() % 4) % 4);
  }

  /** Decoded bytes count only as strict UTF-8 made mostly of letters, digits, CJK and punctuation. */
  static String readable(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException notText) {
      return null;
    }
    long printable = s.codePoints().filter(c -> !Character.isISOControl(c) || c == '\n' || c == '\t').count();
    return printable >= s.codePointCount(0, s.length()) * 0.95 ? s : null;
  }

  private static Optional<String> replaceTokens(String text, Pattern pattern, Function<Matcher, String> f) {
    StartFilteredPattern search = StartFilteredPattern.of(pattern);
    Matcher m = search.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (from <= text.length() && search.find(m, text, from)) {
      from = m.end() > m.start() ? m.end() : m.end() + 1;
      String replacement = f.apply(m);
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copied, m.start()).append(replacement);
        copied = m.end();
      }
    }
    if (out == null) {
      return Optional.empty();
    }
    out.append(text, copied, text.length());
    return changed(text, out.toString());
  }

  private static Optional<String> changed(String before, String after) {
    return after.equals(before) ? Optional.empty() : Optional.of(after);
  }
}
