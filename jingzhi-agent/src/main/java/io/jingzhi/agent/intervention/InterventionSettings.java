package io.jingzhi.agent.intervention;

/**
 * An app's intervention settings.
 *
 * @param enabled whether curated pairs and rules are applied at all
 * @param threshold the cosine similarity (0–1) a query needs to a curated question
 */
public record InterventionSettings(boolean enabled, double threshold) {

  public static final InterventionSettings DEFAULTS = new InterventionSettings(true, 0.9);
}
