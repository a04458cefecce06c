package io.jingzhi.guard.engine.attack;

import java.util.regex.Pattern;

/**
 * One scored sign of a prompt attack. Weights add up across features (each counted once per text): a single
 * sign such as role-play is harmless in itself, several together are an attack. {@code family} groups features
 * for reporting (override, jailbreak, leak…).
 */
public record AttackFeature(String name, String family, double weight, Pattern pattern) {

  public static AttackFeature of(String name, String family, double weight, String regex) {
    return new AttackFeature(name, family, weight, Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
  }
}
