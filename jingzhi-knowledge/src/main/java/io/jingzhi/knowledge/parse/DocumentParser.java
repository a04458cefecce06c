package io.jingzhi.knowledge.parse;

import java.io.InputStream;

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
}
