package io.jingzhi.guard.engine;

/**
 * One explainable finding. {@code type} is the detector family ({@code lexicon}, {@code pii}, {@code attack});
 * {@code riskType} the TC260-003 code (e.g. {@code A.1.4}) or PII type; {@code span} is in the coordinates of
 * {@code layer} (the original text for {@code original}); {@code rule} names the term, pattern or feature.
 */
public record Match(String type, String riskType, Span span, String layer, String rule, RiskLevel level) {}
