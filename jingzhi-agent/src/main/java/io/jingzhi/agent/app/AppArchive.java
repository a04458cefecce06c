package io.jingzhi.agent.app;

import io.jingzhi.agent.AgentException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.springframework.http.HttpStatus;

/**
 * The bytes of an app archive (a plain {@code .tar}): written entry by entry, and read back with the refusals an
 * upload needs — not a tar, names that leave the archive's root, links, more than {@link #MAX_BYTES} in all.
 */
public final class AppArchive {

  /** Largest archive accepted, and largest total of its entries. */
  public static final long MAX_BYTES = 10L * 1024 * 1024;

  private AppArchive() {}

  /** Writes the entries, in order, into a tar. */
  public static byte[] write(Map<String, byte[]> entries) {
    var out = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var e : entries.entrySet()) {
        var entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The regular files of an archive by name; 422 for anything that is not a safe tar. */
  public static Map<String, byte[]> read(byte[] data) {
    if (data.length > MAX_BYTES) {
      throw refused("app_archive.too_large", "The archive is larger than 10 MB");
    }
    Map<String, byte[]> entries = new LinkedHashMap<>();
    long total = 0;
    try (var tar = new TarArchiveInputStream(new ByteArrayInputStream(data), StandardCharsets.UTF_8.name())) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName();
        if (unsafe(name) || entry.isSymbolicLink() || entry.isLink()) {
          throw refused("app_archive.unsafe_path", "The archive holds an entry outside its root or a link: "
              + name);
        }
        if (entry.isDirectory()) {
          continue;
        }
        byte[] content = tar.readAllBytes();
        total += content.length;
        if (total > MAX_BYTES) {
          throw refused("app_archive.too_large", "The archive's entries hold more than 10 MB");
        }
        if (entries.put(name.startsWith("./") ? name.substring(2) : name, content) != null) {
          throw refused("app_archive.invalid", "The archive holds " + name + " twice");
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw refused("app_archive.not_tar", "The file is not a tar archive (" + e.getMessage() + ")");
    }
    if (entries.isEmpty()) {
      throw refused("app_archive.not_tar", "The file is not a tar archive of an app (no entries)");
    }
    return entries;
  }

  static boolean unsafe(String name) {
    String n = name.startsWith("./") ? name.substring(2) : name;
    return n.isEmpty() || n.startsWith("/") || n.contains("\\") || n.contains("\0") || n.matches("^[A-Za-z]:.*")
        || java.util.Arrays.asList(n.split("/")).contains("..");
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static AgentException refused(String code, String detail) {
    return new AgentException(HttpStatus.UNPROCESSABLE_CONTENT, code, detail);
  }
}
