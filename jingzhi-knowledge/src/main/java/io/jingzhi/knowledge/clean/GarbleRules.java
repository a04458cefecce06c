package io.jingzhi.knowledge.clean;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Finds text that is not what its author wrote: U+FFFD replacement characters (bytes lost in a wrong decoding),
 * "锟斤拷" (the same loss, written back as GBK), private-use characters (a PDF font without a Unicode map), and
 * mojibake — UTF-8 read as GBK (浣犲ソ) or as Latin-1 (ä½ å¥½). Mojibake is repaired by encoding the paragraph back
 * with the wrong charset and decoding it as UTF-8; that round trip only succeeds on genuine mojibake.
 */
final class GarbleRules {

  /** Counts of one document. */
  static final class Counts {
    int replacement;
    int privateUse;
    int mojibakeRepaired;
    int mojibakeLeft;
  }

  private static final List<Charset> WRONG_READINGS = List.of(Charset.forName("GB18030"),
      Charset.forName("windows-1252"), StandardCharsets.ISO_8859_1);
  private static final String GBK_LOST = "锟斤拷";

  private GarbleRules() {}

  static String check(String text, boolean repair, Counts counts) {
    String repaired = repairMojibake(text);
    if (repaired != null) {
      if (repair) {
        counts.mojibakeRepaired += text.length();
        text = repaired;
      } else {
        counts.mojibakeLeft += text.length();
      }
    }
    for (int i = text.indexOf(GBK_LOST); i >= 0; i = text.indexOf(GBK_LOST, i + GBK_LOST.length())) {
      counts.replacement += GBK_LOST.length();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\uFFFD') {
        counts.replacement++;
      } else if (c >= '\uE000' && c <= '\uF8FF') {
        counts.privateUse++;
      }
    }
    return text;
  }

  /** The text as it was before a wrong decoding, or null when the text is not mojibake. */
  static String repairMojibake(String text) {
    if (text.length() < 4 || text.chars().allMatch(c -> c < 0x80)) {
      return null;
    }
    for (Charset wrong : WRONG_READINGS) {
      byte[] bytes = encodeStrictly(text, wrong);
      String original = bytes == null ? null : decodeUtf8Strictly(bytes);
      if (original != null && !original.equals(text) && hasMultibyte(original)) {
        return original;
      }
    }
    return null;
  }

  /**
   * Random bytes that happen to be valid UTF-8 decode to code points scattered over the whole BMP; the text that
   * mojibake hides is Chinese (or other letters) with ideographs and CJK punctuation.
   */
  private static boolean hasMultibyte(String s) {
    long wide = s.chars().filter(c -> c >= 0x800).count();
    long chinese = s.chars().filter(c -> (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3000 && c <= 0x303F)
        || (c >= 0xFF00 && c <= 0xFFEF) || c == 0x2014 || c == 0x201C || c == 0x201D).count();
    return wide >= 2 && chinese >= wide * 0.9;
  }

  private static byte[] encodeStrictly(String text, Charset charset) {
    CharsetEncoder encoder = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      ByteBuffer buffer = encoder.encode(CharBuffer.wrap(text));
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String decodeUtf8Strictly(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
