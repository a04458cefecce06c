package io.jingzhi.knowledge.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.txt.BOMDetector;
import org.apache.tika.parser.txt.Icu4jEncodingDetector;
import org.apache.tika.parser.txt.UniversalEncodingDetector;

/**
 * Decodes a plain-text file whose encoding nobody declared: a byte-order mark first, then strict UTF-8, then Tika's
 * detectors (juniversalchardet, ICU) for GBK/GB18030, Big5, UTF-16 and the rest. Text that still decodes into
 * replacement or control characters is refused as {@code encoding} rather than indexed as garbage.
 */
final class TextDecoder {

  /** More than this share of undecodable or control characters means the encoding guess is wrong. */
  private static final double MAX_BAD_SHARE = 0.02;

  private final EncodingDetector bom = new BOMDetector();
  private final EncodingDetector universal = new UniversalEncodingDetector();
  private final EncodingDetector icu = new Icu4jEncodingDetector();

  String decode(byte[] bytes) {
    Charset charset = detect(bytes);
    String text = decodeWith(charset, bytes);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    long bad = text.chars().filter(TextDecoder::isBad).count();
    if (bad > Math.max(2, text.length() * MAX_BAD_SHARE)) {
      throw new DocumentRejected("encoding", "The text could not be decoded (read as " + charset.name() + ", "
          + bad + " characters are undecodable). Save the file again as UTF-8 and upload it again.");
    }
    return text;
  }

  private Charset detect(byte[] bytes) {
    Charset found = detectWith(bom, bytes);
    if (found != null) {
      return found;
    }
    if (isStrictUtf8(bytes)) {
      return StandardCharsets.UTF_8;
    }
    found = detectWith(universal, bytes);
    if (found == null) {
      found = detectWith(icu, bytes);
    }
    if (found == null) {
      throw new DocumentRejected("encoding",
          "The text encoding of the file could not be recognised. Save it again as UTF-8 and upload it again.");
    }
    // GB2312 and GBK guesses are widened: GB18030 decodes every GBK file and the characters GB2312 lacks
    String name = found.name().toUpperCase();
    return name.equals("GB2312") || name.equals("GBK") ? Charset.forName("GB18030") : found;
  }

  private static Charset detectWith(EncodingDetector detector, byte[] bytes) {
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      return detector.detect(in, new Metadata());
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean isStrictUtf8(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      decoder.decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static String decodeWith(Charset charset, byte[] bytes) {
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder does not throw", e);
    }
  }

  private static boolean isBad(int c) {
    return c == '\uFFFD' || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
        || (c >= 0x7F && c <= 0x9F) || (c >= 0xE000 && c <= 0xF8FF);
  }
}
