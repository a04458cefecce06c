package io.jingzhi.knowledge.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Refuses zip containers (docx, xlsx, pptx, ofd) that inflate beyond the limits before any parser opens them. It
 * inflates every entry once and counts the real bytes, because a hostile file can declare small sizes in its
 * headers. POI's ZipSecureFile and Tika's SecureContentHandler guard again while parsing; OFD has no such guard of
 * its own, and this one gives every zip format the same clear answer.
 */
final class ZipBombGuard {

  private static final long RATIO_FLOOR = 10L * 1024 * 1024;
  private static final int MAX_ENTRIES = 100_000;

  private final long maxUnzipped;
  private final int maxRatio;

  ZipBombGuard(long maxUnzipped, int maxRatio) {
    this.maxUnzipped = maxUnzipped;
    this.maxRatio = maxRatio;
  }

  /** True when the file is a zip archive whose directory can be read. */
  static boolean isZip(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.size() >= 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Throws {@link DocumentRejected} ({@code zip_bomb} or {@code corrupt}); returns when the container is sane. */
  void check(Path file) {
    long compressed;
    try {
      compressed = Math.max(1, Files.size(file));
    } catch (IOException e) {
      throw new DocumentRejected("corrupt", "The file cannot be read: " + e.getMessage());
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      if (zip.size() > MAX_ENTRIES) {
        throw bomb("it holds more than " + MAX_ENTRIES + " parts");
      }
      long total = 0;
      byte[] buffer = new byte[64 * 1024];
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        if (entry.getSize() > maxUnzipped) {
          throw bomb("one part declares " + entry.getSize() + " bytes");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            total += n;
            checkTotal(total, compressed);
          }
        }
      }
    } catch (ZipException e) {
      throw new DocumentRejected("corrupt",
          "The file is damaged or truncated (its zip container cannot be read: " + e.getMessage() + ").");
    } catch (IOException e) {
      throw new DocumentRejected("corrupt", "The file is damaged or truncated: " + e.getMessage());
    }
  }

  private void checkTotal(long total, long compressed) {
    if (total > maxUnzipped) {
      throw bomb("it inflates to more than " + maxUnzipped + " bytes");
    }
    if (total > RATIO_FLOOR && total / compressed > maxRatio) {
      throw bomb("it inflates more than " + maxRatio + " times its size");
    }
  }

  private static DocumentRejected bomb(String why) {
    return new DocumentRejected("zip_bomb",
        "The file was refused as a zip bomb: " + why + ". Save it again from its application, or split it.");
  }
}
