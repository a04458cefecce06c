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

  /**
   * Feeds newly generated text when the caller already holds more of the stream ({@code moreBuffered}: the next
   * chunk has arrived and will be fed at once). The guard may then take the delta without inspecting it yet and
   * inspect it together with what follows: under load, when a stream's chunks queue up, one inspection covers
   * several of them instead of one each, and nothing waits longer than it takes to read the next chunk. The default
   * inspects every delta.
   */
  default Release accept(String delta, boolean moreBuffered) {
    return accept(delta);
  }

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
