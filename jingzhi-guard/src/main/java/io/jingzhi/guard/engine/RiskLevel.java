package io.jingzhi.guard.engine;

/** Ordered risk levels; {@link #max} keeps the higher of two. */
public enum RiskLevel {
  NONE,
  LOW,
  MEDIUM,
  HIGH;

  public RiskLevel max(RiskLevel other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
