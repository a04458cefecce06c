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
 * (or {@code Controversial}, if configured). The model's categories are mapped to TC260-003 risk types; its verdict
 * is recorded as a finding of type {@code guard_model}. It never lifts a block, and without an answer the engine's
 * decision stands.
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
    return model != null && settings.on() && decision.action() != Action.BLOCK
        && decision.semanticProbability() != Decision.NOT_CLASSIFIED
        && decision.semanticProbability() >= settings.from();
  }

  /** The decision after the guard model's opinion of {@code text} (the same decision when it did not block). */
  Decision apply(String text, Decision decision) {
    if (!asks(decision)) {
      return decision;
    }
    Optional<GuardModel.Opinion> opinion = model.judge(text);
    if (opinion.isEmpty()) {
      return decision;
    }
    GuardModel.Safety safety = opinion.get().safety();
    boolean blocks = safety == GuardModel.Safety.UNSAFE
        || safety == GuardModel.Safety.CONTROVERSIAL && settings.blockControversial();
    List<Match> matched = new ArrayList<>(decision.matched());
    String rule = "model=" + settings.model() + " " + safety.name().toLowerCase(Locale.ROOT)
        + (opinion.get().categories().isEmpty() ? "" : " " + String.join(",", opinion.get().categories()));
    String riskType = riskType(opinion.get().categories());
    matched.add(new Match("guard_model", riskType, new Span(0, text.length()), Layer.ORIGINAL, rule,
        blocks ? RiskLevel.HIGH : RiskLevel.NONE));
    if (!blocks) {
      return new Decision(decision.action(), decision.riskLevel(), decision.categories(), decision.maskedText(),
          matched, decision.attackScore(), decision.semanticProbability());
    }
    Set<String> categories = new LinkedHashSet<>(decision.categories());
    categories.add(riskType);
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
