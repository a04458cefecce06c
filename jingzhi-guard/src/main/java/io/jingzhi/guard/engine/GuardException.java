package io.jingzhi.guard.engine;

/** The one unchecked root exception of the guard module: bad lexicon files, invalid rules, unreadable data. */
public class GuardException extends RuntimeException {

  public GuardException(String message) {
    super(message);
  }

  public GuardException(String message, Throwable cause) {
    super(message, cause);
  }
}
