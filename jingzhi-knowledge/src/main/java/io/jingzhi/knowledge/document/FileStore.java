package io.jingzhi.knowledge.document;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Originals as uploaded under {@code ${jingzhi.data-dir}/knowledge/files/<kb>/<document>} (never in the database)
 * and the cleaned text of each document under {@code .../knowledge/text/} for previews.
 */
@Component
public class FileStore {

  private final Path files;
  private final Path texts;
  private final Path incoming;

  public FileStore(@Value("${jingzhi.data-dir:./data}") String dataDir) {
    Path root = Path.of(dataDir).toAbsolutePath().resolve("knowledge");
    this.files = root.resolve("files");
    this.texts = root.resolve("text");
    this.incoming = root.resolve("incoming");
  }

  /** A received file, streamed to disk with its size and SHA-256 (hex). */
  public record Received(Path path, long size, String sha256) {}

  /**
   * Streams content into a temporary file, counting and hashing it; stops reading past {@code maxBytes} (the
   * result's size is then {@code maxBytes + 1} and the file should be discarded).
   */
  public Received receive(InputStream content, long maxBytes) {
    try {
      Files.createDirectories(incoming);
      Path temp = Files.createTempFile(incoming, "in-", ".part");
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long size;
      try (var in = new DigestInputStream(content, sha); var out = Files.newOutputStream(temp)) {
        size = in.transferTo(new LimitedOutput(out, maxBytes + 1));
      } catch (LimitedOutput.Full full) {
        size = maxBytes + 1;
      }
      return new Received(temp, size, HexFormat.of().formatHex(sha.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Moves a received file to its place as the original of a document. */
  public void keep(Received received, long kbId, long documentId) {
    try {
      Path target = original(kbId, documentId);
      Files.createDirectories(target.getParent());
      Files.move(received.path(), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void discard(Received received) {
    try {
      Files.deleteIfExists(received.path());
    } catch (IOException e) {
      // a leftover temporary file is harmless; the directory is only for files in flight
    }
  }

  public Path original(long kbId, long documentId) {
    return files.resolve(Long.toString(kbId)).resolve(Long.toString(documentId));
  }

  public boolean hasOriginal(long kbId, long documentId) {
    return Files.isRegularFile(original(kbId, documentId));
  }

  public void writeText(long kbId, long documentId, String text) {
    try {
      Path target = texts.resolve(Long.toString(kbId)).resolve(documentId + ".txt");
      Files.createDirectories(target.getParent());
      Files.writeString(target, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<String> text(long kbId, long documentId) {
    Path path = texts.resolve(Long.toString(kbId)).resolve(documentId + ".txt");
    try {
      return Files.isRegularFile(path) ? Optional.of(Files.readString(path, StandardCharsets.UTF_8))
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void deleteDocument(long kbId, long documentId) {
    try {
      Files.deleteIfExists(original(kbId, documentId));
      Files.deleteIfExists(texts.resolve(Long.toString(kbId)).resolve(documentId + ".txt"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void deleteBase(long kbId) {
    deleteTree(files.resolve(Long.toString(kbId)));
    deleteTree(texts.resolve(Long.toString(kbId)));
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Refuses to write past a limit, so a too-large upload is not copied in full. */
  private static final class LimitedOutput extends java.io.OutputStream {
    private final java.io.OutputStream out;
    private final long max;
    private long written;

    LimitedOutput(java.io.OutputStream out, long max) {
      this.out = out;
      this.max = max;
    }

    static final class Full extends IOException {
      Full() {
        super("limit reached");
      }
    }

    @Override
    public void write(int b) throws IOException {
      if (++written > max) {
        throw new Full();
      }
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (written + len > max) {
        throw new Full();
      }
      written += len;
      out.write(b, off, len);
    }
  }
}
