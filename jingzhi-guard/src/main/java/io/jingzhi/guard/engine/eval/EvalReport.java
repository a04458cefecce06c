package io.jingzhi.guard.engine.eval;

import java.util.Locale;
import java.util.Map;

/**
 * Refusal figures of one data set: blocked share among should-refuse rows (recall) and among should-not-refuse
 * rows (over-refusal), overall and by category, each with its 95% Wilson interval.
 */
public record EvalReport(String name, Wilson refuseBlocked, Wilson answerBlocked, Map<String, Wilson> byCategory) {

  public String toMarkdown() {
    StringBuilder out = new StringBuilder();
    out.append("### ").append(name).append("\n\n| group | blocked / rows | rate | 95% Wilson |\n|---|---|---|---|\n");
    row(out, "should refuse (recall)", refuseBlocked);
    row(out, "should not refuse (over-refusal)", answerBlocked);
    byCategory.forEach((category, w) -> row(out, category, w));
    return out.toString();
  }

  private static void row(StringBuilder out, String label, Wilson w) {
    if (w.trials() == 0) {
      return;
    }
    out.append(String.format(Locale.ROOT, "| %s | %d / %d | %.1f%% | %.1f–%.1f%% |%n", label, w.successes(),
        w.trials(), 100 * w.rate(), 100 * w.low(), 100 * w.high()));
  }
}
