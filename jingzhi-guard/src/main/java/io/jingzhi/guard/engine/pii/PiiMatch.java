package io.jingzhi.guard.engine.pii;

import io.jingzhi.guard.engine.Span;

/** A detected value: offsets are those of the original text; {@code rule} names the detector or custom rule. */
public record PiiMatch(PiiType type, Span span, String value, double confidence, String rule) {}
