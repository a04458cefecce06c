package io.jingzhi.guard.engine.pii;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Applies a {@link MaskStrategy} to the matches of a text. Deterministic: same input, salt and strategy, same output. */
public final class Masker {

  private final byte[] salt;

  public Masker(byte[] salt) {
    if (salt == null || salt.length < 16) {
      throw new IllegalArgumentException("the masking salt needs at least 16 bytes");
    }
    this.salt = salt.clone();
  }

  /** Replaces each (non-overlapping) match in {@code text}; offsets of the matches refer to {@code text}. */
  public String mask(String text, List<PiiMatch> matches, MaskStrategy strategy) {
    return mask(text, matches, m -> strategy, m -> m.type().token());
  }

  /**
   * Like {@link #mask(String, List, MaskStrategy)}, with the strategy and the type token chosen per match (custom
   * rules carry their own).
   */
  public String mask(String text, List<PiiMatch> matches, Function<PiiMatch, MaskStrategy> strategyOf,
      Function<PiiMatch, String> tokenOf) {
    List<PiiMatch> sorted = new ArrayList<>(matches);
    sorted.sort(Comparator.comparingInt(m -> m.span().start()));
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (PiiMatch m : sorted) {
      if (m.span().start() < at) {
        continue;
      }
      out.append(text, at, m.span().start()).append(maskValue(m.type(), tokenOf.apply(m),
          text.substring(m.span().start(), m.span().end()), strategyOf.apply(m)));
      at = m.span().end();
    }
    return out.append(text, at, text.length()).toString();
  }

  public String maskValue(PiiType type, String value, MaskStrategy strategy) {
    return maskValue(type, type.token(), value, strategy);
  }

  private String maskValue(PiiType type, String token, String value, MaskStrategy strategy) {
    return switch (strategy) {
      case FULL -> "*".repeat(value.codePointCount(0, value.length()));
      case PARTIAL -> partial(type, value);
      case TOKEN -> "[" + token + "]";
      case HASH -> "[" + token + ":" + hash(value).substring(0, 12) + "]";
      case SHUFFLE -> shuffle(value);
    };
  }

  static String partial(PiiType type, String value) {
    return switch (type) {
      case RESIDENT_ID -> keep(value, 6, 4);
      case MOBILE -> keep(value, value.length() - 8, 4);
      case LANDLINE, IP_ADDRESS, PASSPORT, LICENCE_PLATE -> keep(value, 2, 2);
      case BANK_CARD -> keep(value, 4, 4);
      case USCC -> keep(value, 2, 4);
      case EMAIL -> {
        int at = value.indexOf('@');
        yield at <= 1 ? "*" + value.substring(Math.max(at, 0)) : value.charAt(0) + "*".repeat(at - 1)
            + value.substring(at);
      }
      case PERSON_NAME -> keep(value, 1, 0);
      case ADDRESS -> keep(value, Math.min(6, value.length() / 2), 0);
      case CUSTOM -> keep(value, value.length() / 4, value.length() / 4);
    };
  }

  private static String keep(String value, int head, int tail) {
    int h = Math.max(0, Math.min(head, value.length()));
    int t = Math.max(0, Math.min(tail, value.length() - h));
    StringBuilder out = new StringBuilder(value.substring(0, h));
    for (int i = h; i < value.length() - t; i++) {
      char c = value.charAt(i);
      // Keep separators so that the shape of a formatted number stays readable.
      out.append(c == ' ' || c == '-' ? c : '*');
    }
    return out.append(value.substring(value.length() - t)).toString();
  }

  String hash(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** Permutes the value's letters and digits, seeded by its salted hash; separators stay in place. */
  String shuffle(String value) {
    char[] chars = value.toCharArray();
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < chars.length; i++) {
      if (Character.isLetterOrDigit(chars[i])) {
        slots.add(i);
      }
    }
    Random random = new Random(Long.parseUnsignedLong(hash(value).substring(0, 15), 16));
    for (int i = slots.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      char tmp = chars[slots.get(i)];
      chars[slots.get(i)] = chars[slots.get(j)];
      chars[slots.get(j)] = tmp;
    }
    return new String(chars);
  }
}
