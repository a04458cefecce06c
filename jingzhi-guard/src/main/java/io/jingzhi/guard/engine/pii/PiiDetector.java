package io.jingzhi.guard.engine.pii;

import java.util.List;

/** Finds one kind of sensitive data. The text given is width-folded, so offsets equal the original's. */
public interface PiiDetector {

  List<PiiMatch> detect(String text);
}
