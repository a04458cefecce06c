package io.jingzhi.guard.policy;

import java.util.List;

/**
 * What a checked text must show for a policy to decide it. All given parts must hold; none given matches every
 * text.
 *
 * @param direction {@code input}, {@code output} or {@code both} (default)
 * @param riskTypes TC260-003 codes ({@code A.1.4}), class prefixes ({@code A.1}) or {@code prompt-attack}; a finding
 *     of any of them must be present (at {@code minLevel} or above when given)
 * @param minLevel {@code low}, {@code medium} or {@code high}: without risk types, the text's overall risk level
 *     must reach it
 * @param terms words of which at least one must appear in the text (compared after width folding, traditional →
 *     simplified conversion and removal of spaces and punctuation) — a blacklist of terms
 */
public record PolicyConditions(String direction, List<String> riskTypes, String minLevel, List<String> terms) {

  public static final PolicyConditions ANY = new PolicyConditions(null, null, null, null);

  public PolicyConditions {
    direction = direction == null || direction.isBlank() ? "both" : direction;
    riskTypes = riskTypes == null ? List.of() : List.copyOf(riskTypes);
    minLevel = minLevel == null || minLevel.isBlank() ? null : minLevel;
    terms = terms == null ? List.of() : List.copyOf(terms);
  }
}
