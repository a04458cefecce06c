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
}
