package io.jingzhi.guard.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/** Reading bounded bodies and telling JSON and event streams from the rest. */
final class Bodies {

  private Bodies() {}

  /** The whole body, or null when it is larger than {@code max} bytes (declared or streamed). */
  static byte[] read(InputStream in, long declaredLength, long max) throws IOException {
    if (declaredLength > max) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 1024);
    byte[] buf = new byte[8192];
    long total = 0;
    for (int n; (n = in.read(buf)) > 0; ) {
      total += n;
      if (total > max) {
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** Copies a body through, flushing whenever the upstream has nothing more buffered (chunked streams). */
  static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[16384];
    for (int n; (n = in.read(buf)) >= 0; ) {
      if (n > 0) {
        out.write(buf, 0, n);
      }
      if (in.available() == 0) {
        out.flush();
      }
    }
  }

  static boolean isJson(String contentType) {
    String type = mediaType(contentType);
    return type.equals("application/json") || type.endsWith("+json");
  }

  static boolean isEventStream(String contentType) {
    return mediaType(contentType).equals("text/event-stream");
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  /** Whether the body starts (after white space) like a JSON object or array, whatever its declared type. */
  static boolean looksLikeJson(byte[] body) {
    for (byte b : body) {
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
        continue;
      }
      return b == '{' || b == '[';
    }
    return false;
  }

  /** Plain text ({@code text/plain} or no type): what the guard checks is the whole body. */
  static boolean isPlainText(String contentType) {
    String t = mediaType(contentType);
    return t.isEmpty() || t.equals("text/plain");
  }

  /**
   * The text of a textual body — text/*, a form (its values decoded), XML, or no type — or null for anything else
   * (files, images, archives).
   */
  static String text(String contentType, byte[] body) {
    String t = mediaType(contentType);
    java.nio.charset.Charset charset = charset(contentType);
    if (t.equals("application/x-www-form-urlencoded")) {
      return java.net.URLDecoder.decode(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1), charset)
          .replace('&', '\n');
    }
    if (t.isEmpty() || t.startsWith("text/") || t.equals("application/xml") || t.endsWith("+xml")) {
      return new String(body, charset);
    }
    return null;
  }

  /** The body's charset as declared, UTF-8 when none, unknown or the type is unreadable. */
  static java.nio.charset.Charset charset(String contentType) {
    try {
      java.nio.charset.Charset declared = contentType == null ? null
          : org.springframework.http.MediaType.parseMediaType(contentType).getCharset();
      return declared != null ? declared : java.nio.charset.StandardCharsets.UTF_8;
    } catch (RuntimeException unknown) {
      return java.nio.charset.StandardCharsets.UTF_8;
    }
  }
}
