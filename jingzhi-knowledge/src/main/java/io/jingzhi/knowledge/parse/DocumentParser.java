package io.jingzhi.knowledge.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns one uploaded file into a {@link ParsedDocument}. Every failure is a {@link DocumentRejected} with a code
 * and a reason a user can act on; a parser never hangs or exhausts memory on a hostile file.
 */
public interface DocumentParser {

  /**
   * @param filename the name as uploaded (its extension is a hint; the content decides)
   * @param content the bytes; the caller closes it
   */
  ParsedDocument parse(String filename, InputStream content);

  /**
   * Parses a file already stored on disk (an ingested original); a parser may read it in place instead of copying
   * it first. The file's size is checked against the same limit as an upload.
   */
  default ParsedDocument parse(String filename, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(filename, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
