package io.jingzhi.guard.engine.pii;

import io.jingzhi.guard.engine.decode.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs all detectors over a width-folded copy of the text (full-width digits hide nothing, offsets still hold)
 * and keeps, where detections overlap, the most confident and then the longest one.
 */
public final class PiiScanner {

  private final List<PiiDetector> detectors;

  public PiiScanner(List<PiiDetector> detectors) {
    this.detectors = List.copyOf(detectors);
  }

  public static PiiScanner builtIn() {
    return new PiiScanner(BuiltinDetectors.all());
  }

  public PiiScanner with(List<? extends PiiDetector> extra) {
    List<PiiDetector> all = new ArrayList<>(detectors);
    all.addAll(extra);
    return new PiiScanner(all);
  }

  public List<PiiMatch> scan(String text) {
    String folded = Normalizer.foldWidth(text);
    List<PiiMatch> candidates = new ArrayList<>();
    for (PiiDetector d : detectors) {
      for (PiiMatch m : d.detect(folded)) {
        // Report the original characters, not the folded ones.
        candidates.add(new PiiMatch(m.type(), m.span(), text.substring(m.span().start(), m.span().end()),
            m.confidence(), m.rule()));
      }
    }
    candidates.sort(Comparator.comparingDouble(PiiMatch::confidence).reversed()
        .thenComparing(m -> m.span().start() - m.span().end())
        .thenComparingInt(m -> m.span().start()));
    List<PiiMatch> kept = new ArrayList<>();
    for (PiiMatch c : candidates) {
      if (kept.stream().noneMatch(k -> k.span().overlaps(c.span()))) {
        kept.add(c);
      }
    }
    kept.sort(Comparator.comparingInt(m -> m.span().start()));
    return kept;
  }
}
