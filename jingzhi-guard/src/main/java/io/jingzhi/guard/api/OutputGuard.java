package io.jingzhi.guard.api;

/**
 * Incremental inspection of one streamed model output. Generated text is fed as it arrives; the guard holds back a
 * bounded window (so a risky phrase split across chunks is seen whole before any of it is released) and returns what
 * may be sent to the client now. On a violation the stream must end with {@link Release#violation()}'s answer text
 * instead of the held-back text, followed by the normal final event. Not thread-safe: one stream, one thread at a
 * time.
 */
public interface OutputGuard {

  /** Feeds newly generated text; returns the text that may be released to the client now (possibly empty). */
  Release accept(String delta);

  /** The stream ended normally: inspects what is still held back and returns it (or a violation). */
  Release finish();

  /**
   * What to send. {@code violation == null}: send {@code text}. Otherwise stop generating, send {@code text} (the
   * refusal or replacement text of the verdict) and end the stream.
   */
  record Release(String text, GuardVerdict violation) {

    public static final Release NOTHING = new Release("", null);

    public boolean stopped() {
      return violation != null;
    }
  }
}
