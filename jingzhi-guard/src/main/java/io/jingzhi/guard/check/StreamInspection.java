package io.jingzhi.guard.check;

import io.jingzhi.guard.api.GuardFinding;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardVerdict;
import io.jingzhi.guard.api.OutputGuard;
import io.jingzhi.guard.check.GuardService.Depth;
import io.jingzhi.guard.check.GuardService.Inspector;

/**
 * Inspects one streamed output incrementally. Generated text collects in a pending buffer; every
 * {@code inspectEvery} new characters the pending text — with up to {@code holdBack} already released characters
 * before it, so a phrase split across the release point is still seen whole — is checked with the rules, and all
 * but the last {@code holdBack} characters are released (masked when they hold personal data; a detection that
 * straddles the release point is held back whole). At the end the whole output is checked once more at full depth
 * (classifier included) and that decision is the one recorded.
 */
final class StreamInspection implements OutputGuard {

  private final int holdBack;
  private final int inspectEvery;
  private final Inspector inspector;
  private final StringBuilder all = new StringBuilder();
  private int released;
  private int inspected;
  private boolean stopped;

  StreamInspection(int holdBack, int inspectEvery, Inspector inspector) {
    this.holdBack = holdBack;
    this.inspectEvery = inspectEvery;
    this.inspector = inspector;
  }

  @Override
  public Release accept(String delta) {
    if (stopped) {
      return Release.NOTHING;
    }
    if (delta != null) {
      all.append(delta);
    }
    if (all.length() - inspected < inspectEvery || all.length() - released <= holdBack) {
      return Release.NOTHING;
    }
    return inspectWindow(all.length() - holdBack);
  }

  @Override
  public Release finish() {
    if (stopped) {
      return Release.NOTHING;
    }
    GuardVerdict whole = inspector.inspect(GuardRequest.output(all.toString()), Depth.FULL, true);
    if (whole.stops()) {
      stopped = true;
      return new Release(whole.answer(), whole);
    }
    if (released == all.length()) {
      return Release.NOTHING;
    }
    return inspectWindow(all.length());
  }

  /** Checks the pending text and releases it up to {@code cut} (exclusive, in {@link #all} coordinates). */
  private Release inspectWindow(int cut) {
    inspected = all.length();
    int from = Math.max(0, released - holdBack);
    String window = all.substring(from);
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
    released = cut;
    if (verdict.masks() && hasPiiIn(verdict, from, cut - piece.length(), cut)) {
      GuardVerdict pieceVerdict = inspector.inspect(GuardRequest.output(piece), Depth.RULES, false);
      return new Release(pieceVerdict.masks() ? pieceVerdict.text() : piece, null);
    }
    return new Release(piece, null);
  }

  /** Moves the release point back before a personal-data detection it would cut, and off a surrogate pair. */
  private int safeCut(GuardVerdict verdict, int windowStart, int cut) {
    for (GuardFinding f : verdict.matched()) {
      if ("pii".equals(f.type()) && "original".equals(f.layer())) {
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
    return verdict.matched().stream().anyMatch(f -> "pii".equals(f.type()) && "original".equals(f.layer())
        && windowStart + f.start() < to && windowStart + f.end() > from);
  }
}
