package io.jingzhi.guard.check;

import io.jingzhi.guard.api.GuardFinding;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardVerdict;
import io.jingzhi.guard.api.OutputGuard;
import io.jingzhi.guard.check.GuardService.Depth;
import io.jingzhi.guard.check.GuardService.Inspector;
import java.util.function.ToIntFunction;

/**
 * Inspects one streamed output incrementally. Each delta is checked with the rules together with up to
 * {@code context} already released characters before it (so a phrase that arrives in pieces is seen whole), then
 * everything is released except the tail that could still grow into a finding — the start of a lexicon term, a
 * number or address being written — which is held back, never more than {@code holdBack} characters. Most deltas
 * therefore go out at once and time to first token barely moves. Released text is masked when it holds personal
 * data; a detection that straddles the release point is held back whole. At the end the whole output is checked
 * once more at full depth (classifier included) and that decision is the one recorded.
 */
final class StreamInspection implements OutputGuard {

  private final int holdBack;
  private final int context;
  private final Inspector inspector;
  private final ToIntFunction<String> pendingTail;
  private final StringBuilder all = new StringBuilder();
  private int released;
  /** How much of {@link #all} the last inspection covered. */
  private int inspected;
  private boolean stopped;

  /**
   * @param pendingTail for a text, how many characters at its end must wait for more text (see
   *     {@code GuardEngine.pendingTail})
   */
  StreamInspection(int holdBack, int context, Inspector inspector, ToIntFunction<String> pendingTail) {
    this.holdBack = holdBack;
    this.context = context;
    this.inspector = inspector;
    this.pendingTail = pendingTail;
  }

  @Override
  public Release accept(String delta) {
    return accept(delta, false);
  }

  /**
   * With {@code moreBuffered}, the delta is only appended while the text not yet inspected stays under the hold-back
   * bound: the next delta is already there, and the window inspected with it covers this one too (everything after
   * the release point is in every window).
   */
  @Override
  public Release accept(String delta, boolean moreBuffered) {
    if (stopped || delta == null || delta.isEmpty()) {
      return Release.NOTHING;
    }
    all.append(delta);
    if (moreBuffered && all.length() - inspected < holdBack) {
      return Release.NOTHING;
    }
    inspected = all.length();
    int from = Math.max(0, released - context);
    String window = all.substring(from);
    int hold = Math.min(holdBack, pendingTail.applyAsInt(window));
    return inspectWindow(from, window, all.length() - hold);
  }

  @Override
  public Release finish() {
    if (stopped) {
      return Release.NOTHING;
    }
    stopped = true;
    GuardVerdict whole = inspector.inspect(GuardRequest.output(all.toString()), Depth.FULL, true);
    if (whole.stops()) {
      return new Release(whole.answer(), whole);
    }
    if (released == all.length()) {
      return Release.NOTHING;
    }
    String rest = all.substring(released);
    released = all.length();
    if (whole.masks()) {
      GuardVerdict restVerdict = inspector.inspect(GuardRequest.output(rest), Depth.RULES, false);
      return new Release(restVerdict.masks() ? restVerdict.text() : rest, null);
    }
    return new Release(rest, null);
  }

  /** Checks the window (starting at {@code from} in {@link #all}) and releases up to {@code cut}, exclusive. */
  private Release inspectWindow(int from, String window, int cut) {
    GuardVerdict verdict = inspector.inspect(GuardRequest.output(window), Depth.RULES, false);
    if (verdict.stops()) {
      stopped = true;
      GuardVerdict recorded = inspector.inspect(GuardRequest.output(all.toString()), Depth.RULES, true);
      return new Release(verdict.answer(), recorded.stops() ? recorded : verdict);
    }
    cut = safeCut(verdict, from, cut);
    if (cut <= released) {
      return Release.NOTHING;
    }
    String piece = all.substring(released, cut);
    int pieceStart = released;
    released = cut;
    if (verdict.masks() && hasPiiIn(verdict, from, pieceStart, cut)) {
      GuardVerdict pieceVerdict = inspector.inspect(GuardRequest.output(piece), Depth.RULES, false);
      return new Release(pieceVerdict.masks() ? pieceVerdict.text() : piece, null);
    }
    return new Release(piece, null);
  }

  /** Moves the release point back before a personal-data detection it would cut, and off a surrogate pair. */
  private int safeCut(GuardVerdict verdict, int windowStart, int cut) {
    for (GuardFinding f : verdict.matched()) {
      if (isPii(f)) {
        int start = windowStart + f.start();
        int end = windowStart + f.end();
        if (start < cut && cut < end) {
          cut = Math.max(released, start);
        }
      }
    }
    if (cut > 0 && cut < all.length() && Character.isHighSurrogate(all.charAt(cut - 1))) {
      cut--;
    }
    return cut;
  }

  private static boolean hasPiiIn(GuardVerdict verdict, int windowStart, int from, int to) {
    return verdict.matched().stream()
        .anyMatch(f -> isPii(f) && windowStart + f.start() < to && windowStart + f.end() > from);
  }

  private static boolean isPii(GuardFinding f) {
    return "pii".equals(f.type()) && "original".equals(f.layer());
  }
}
