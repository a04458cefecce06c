package io.jingzhi.guard.engine.pii;

/**
 * How a detected value is replaced. {@code PARTIAL} keeps the parts that help a reader without identifying
 * anyone (110105********1234); {@code HASH} is salted and stable, so the same value always maps to the same
 * token and records can still be joined; {@code SHUFFLE} (重排脱敏) permutes the value's own characters.
 */
public enum MaskStrategy {
  FULL,
  PARTIAL,
  TOKEN,
  HASH,
  SHUFFLE
}
