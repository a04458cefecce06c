package io.jingzhi.agent.engine;

import java.util.BitSet;

/**
 * How an answer node streams: its text template, and for each segment that is exactly {@code {{node.text}}} of an
 * upstream node the index of that node (-1 otherwise) — those nodes' emitted tokens are forwarded live. A live
 * forward starts only when every branching ancestor has decided, so a branch that is not taken streams nothing.
 */
record AnswerPlan(Template template, int[] streamSource, BitSet branchingAncestors) {

  boolean streams() {
    for (int s : streamSource) {
      if (s >= 0) {
        return true;
      }
    }
    return false;
  }
}
