package io.jingzhi.guard.api;

/**
 * One explainable reason behind a verdict. {@code type}: detector family ({@code lexicon}, {@code pii},
 * {@code attack}, {@code semantic}, {@code policy}); {@code riskType}: TC260-003 code (e.g. {@code A.1.4}), PII type
 * or attack feature; {@code start}/{@code end}: position in {@code layer} ({@code original} = the checked text);
 * {@code rule}: the term, pattern, feature or exemplar that matched.
 */
public record GuardFinding(String type, String riskType, String level, String layer, int start, int end,
    String rule) {}
