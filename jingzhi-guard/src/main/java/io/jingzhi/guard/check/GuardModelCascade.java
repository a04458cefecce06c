package io.jingzhi.guard.check;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.GuardModel;
import io.jingzhi.guard.engine.Action;
import io.jingzhi.guard.engine.Decision;
import io.jingzhi.guard.engine.GuardEngine;
import io.jingzhi.guard.engine.Match;
import io.jingzhi.guard.engine.RiskLevel;
import io.jingzhi.guard.engine.Span;
import io.jingzhi.guard.engine.decode.Layer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The cascade stage ({@link GuardProperties.Cascade}): asks the guard model about a prompt the rules let through and
 * the classifier scored at or above the configured probability, and blocks it when the model says {@code Unsafe}
 * (or {@code Controversial}, if configured). With {@code liftClassifierBlocks}, a prompt the classifier alone blocked
 * is asked too and the model's {@code Safe} lifts that block. The model's categories are mapped to TC260-003 risk
 * types; its verdict is recorded as a finding of type {@code guard_model}. Without an answer the engine's decision
 * stands.
 */
final class GuardModelCascade {

  private final GuardProperties.Cascade settings;
  private final GuardModel model;

  GuardModelCascade(GuardProperties.Cascade settings, GuardModel model) {
    this.settings = settings;
    this.model = model;
  }

  /** Whether a prompt with this decision goes to the guard model. */
  boolean asks(Decision decision) {
    if (model == null || !settings.on() || decision.semanticProbability() == Decision.NOT_CLASSIFIED) {
      return false;
    }
    return decision.action() == Action.BLOCK ? settings.liftClassifierBlocks() && classifierOnly(decision)
        : decision.semanticProbability() >= settings.from();
  }

  /** A block that only the semantic classifier made: no keyword or attack finding above none, no attack score. */
  static boolean classifierOnly(Decision decision) {
    return decision.action() == Action.BLOCK && decision.attackScore() == 0
        && decision.matched().stream().allMatch(m -> m.level() == RiskLevel.NONE || m.type().equals("semantic")
            || m.type().equals("pii"));
  }

  /**
   * The decision after the guard model's opinion of {@code text}: blocked, lifted, or as it was with the model's
   * answer added as a finding; the same decision when the model was not asked or did not answer.
   */
  Decision apply(String text, Decision decision) {
    if (!asks(decision)) {
      return decision;
    }
    Optional<GuardModel.Opinion> opinion = model.judge(text);
    if (opinion.isEmpty()) {
      return decision;
    }
    GuardModel.Safety safety = opinion.get().safety();
    boolean lifts = decision.action() == Action.BLOCK && safety == GuardModel.Safety.SAFE;
    boolean blocks = !lifts && (decision.action() == Action.BLOCK || safety == GuardModel.Safety.UNSAFE
        || safety == GuardModel.Safety.CONTROVERSIAL && settings.blockControversial());
    List<Match> matched = new ArrayList<>(decision.matched());
    String rule = "model=" + settings.model() + " " + safety.name().toLowerCase(Locale.ROOT)
        + (opinion.get().categories().isEmpty() ? "" : " " + String.join(",", opinion.get().categories()));
    String riskType = riskType(opinion.get().categories());
    matched.add(new Match("guard_model", riskType, new Span(0, text.length()), Layer.ORIGINAL, rule,
        blocks ? RiskLevel.HIGH : RiskLevel.NONE));
    if (lifts) {
      // The classifier's risk types and level go with its block; personal data found stays (and stays masked).
      Set<String> semanticTypes = new LinkedHashSet<>();
      Set<String> others = new LinkedHashSet<>();
      RiskLevel rest = RiskLevel.NONE;
      for (Match m : decision.matched()) {
        if (m.type().equals("semantic")) {
          semanticTypes.add(m.riskType());
        } else if (m.level() != RiskLevel.NONE) {
          others.add(m.riskType());
          rest = rest.max(m.level());
        }
      }
      List<String> categories = decision.categories().stream()
          .filter(c -> !semanticTypes.contains(c) || others.contains(c)).toList();
      Action action = decision.maskedText().equals(text) ? Action.ALLOW : Action.MASK;
      return new Decision(action, rest, new ArrayList<>(categories), decision.maskedText(), matched,
          decision.attackScore(), decision.semanticProbability());
    }
    if (!blocks) {
      return new Decision(decision.action(), decision.riskLevel(), decision.categories(), decision.maskedText(),
          matched, decision.attackScore(), decision.semanticProbability());
    }
    Set<String> categories = new LinkedHashSet<>(decision.categories());
    if (!opinion.get().categories().isEmpty() || categories.isEmpty()) {
      categories.add(riskType); // a confirmed block keeps its own types unless the model names one
    }
    return new Decision(Action.BLOCK, RiskLevel.HIGH, new ArrayList<>(categories), decision.maskedText(), matched,
        decision.attackScore(), decision.semanticProbability());
  }

  /**
   * The TC260-003 risk type for the first category a Qwen3Guard-style model named (its English names, or Chinese
   * words in them); A.1.8 (other prohibited content) when none fits.
   */
  static String riskType(List<String> categories) {
    for (String c : categories) {
      String k = c.toLowerCase(Locale.ROOT);
      if (k.contains("jailbreak") || k.contains("越狱")) {
        return GuardEngine.PROMPT_ATTACK;
      } else if (k.contains("politic") || k.contains("政治")) {
        return "A.1.2";
      } else if (k.contains("suicide") || k.contains("self-harm") || k.contains("自杀") || k.contains("自残")) {
        return "A.4.1";
      } else if (k.contains("non-violent") || k.contains("illegal") || k.contains("违法")) {
        return "A.1.8";
      } else if (k.contains("violent") || k.contains("sexual") || k.contains("暴力") || k.contains("色情")) {
        return "A.1.6";
      } else if (k.equals("pii") || k.contains("personal") || k.contains("个人信息")) {
        return GuardEngine.PERSONAL_INFORMATION;
      } else if (k.contains("copyright") || k.contains("版权")) {
        return "A.3.1";
      } else if (k.contains("unethical") || k.contains("道德")) {
        return "A.4.7";
      }
    }
    return "A.1.8";
  }
}
