package io.jingzhi.knowledge.parse;

import io.jingzhi.knowledge.KnowledgeException;
import org.springframework.http.HttpStatus;

/**
 * A file that cannot become knowledge, with the reason shown to the user for that file. Codes: {@code
 * unsupported_type}, {@code encrypted}, {@code corrupt}, {@code empty}, {@code too_large}, {@code zip_bomb},
 * {@code encoding}, {@code timeout}.
 */
public class DocumentRejected extends KnowledgeException {

  private final String reason;

  public DocumentRejected(String code, String detail) {
    super(HttpStatus.UNPROCESSABLE_CONTENT, "document." + code, detail);
    this.reason = code;
  }

  /** The code without its {@code document.} prefix ({@code encrypted}, {@code zip_bomb}, ...), as a job file shows it. */
  public String reason() {
    return reason;
  }
}
