package io.jingzhi.guard.check;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.answer.AnswerCatalog;
import io.jingzhi.guard.answer.AnswerCatalog.AnswerMatch;
import io.jingzhi.guard.api.GuardAction;
import io.jingzhi.guard.api.GuardDirection;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.engine.Action;
import io.jingzhi.guard.engine.Decision;
import io.jingzhi.guard.engine.GuardEngine;
import io.jingzhi.guard.engine.GuardThresholds;
import io.jingzhi.guard.engine.Match;
import io.jingzhi.guard.engine.RiskLevel;
import io.jingzhi.guard.engine.decode.Layer;
import io.jingzhi.guard.engine.pii.MaskStrategy;
import io.jingzhi.guard.engine.pii.Masker;
import io.jingzhi.guard.engine.pii.PiiMatch;
import io.jingzhi.guard.engine.pii.PiiType;
import io.jingzhi.guard.policy.CheckFacts;
import io.jingzhi.guard.policy.Policy;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Turns the deciding policy's action (or, without one, the engine's default decision) into what the caller does:
 * the action, the text to pass on, the refusal or canned answer, a redirect URL and the alert flag.
 *
 * <p>Canned answers without a policy: when the engine's defaults would refuse an <em>input</em> and a canned
 * answer's question is close to it (and fits its risk types), that answer is given instead of the refusal (代答
 * rather than 拒答). Otherwise a refused input about the user's own suicide or self-harm gets the crisis answer
 * ({@link CrisisAnswer}), as does one a policy's {@code answer} action finds no canned answer for (before its
 * {@code answer_text}); a policy's {@code block} keeps its refusal. Inputs the engine lets pass never get a canned
 * answer unless a policy says so, so ordinary questions are never hijacked by a similar-looking entry.
 */
@Component
class PolicyActions {

  /** What to do with a checked text. {@code match}: the canned answer used, if any. */
  record Applied(GuardAction action, String text, String answer, String redirect, boolean alert,
      AnswerMatch match) {

    static Applied of(GuardAction action, String text, String answer) {
      return new Applied(action, text, answer, null, false, null);
    }
  }

  private final GuardEngine engine;
  private final Masker masker;
  private final AnswerCatalog answers;
  private final GuardProperties properties;

  PolicyActions(GuardEngine engine, Masker masker, AnswerCatalog answers, GuardProperties properties) {
    this.engine = engine;
    this.masker = masker;
    this.answers = answers;
    this.properties = properties;
  }

  /** The facts policy conditions are evaluated against. */
  CheckFacts facts(GuardRequest request, Decision decision) {
    Map<String, RiskLevel> levels = new HashMap<>();
    for (Match m : decision.matched()) {
      String category = switch (m.type()) {
        case "pii" -> GuardEngine.PERSONAL_INFORMATION;
        case "attack" -> null;
        default -> m.riskType();
      };
      if (category != null && m.level() != RiskLevel.NONE) {
        levels.merge(category, m.level(), RiskLevel::max);
      }
    }
    GuardThresholds t = engine.thresholds();
    double score = decision.attackScore();
    RiskLevel attack = score >= t.attackBlock() ? RiskLevel.HIGH : score >= t.attackWithLexicon() ? RiskLevel.MEDIUM
        : score > 0 ? RiskLevel.LOW : RiskLevel.NONE;
    if (attack != RiskLevel.NONE) {
      levels.put(GuardEngine.PROMPT_ATTACK, attack);
    }
    return new CheckFacts(request.direction(), levels, decision.riskLevel(), CheckFacts.compact(request.text()));
  }

  Applied apply(Policy policy, GuardSubject subject, GuardRequest request, Decision decision, CheckFacts facts) {
    String text = request.text();
    return switch (policy.action()) {
      case "allow" -> Applied.of(GuardAction.ALLOW, text, null);
      case "block" -> Applied.of(GuardAction.BLOCK, text, refusal(policy));
      case "redirect" -> new Applied(GuardAction.BLOCK, text, refusal(policy), policy.redirectUrl(), false, null);
      case "mask" -> {
        String masked = mask(decision, text, policy.maskStrategy());
        yield Applied.of(masked.equals(text) ? GuardAction.ALLOW : GuardAction.MASK, masked, null);
      }
      case "alert" -> {
        boolean masks = decision.action() == Action.MASK;
        yield new Applied(masks ? GuardAction.MASK : GuardAction.ALLOW, masks ? decision.maskedText() : text, null,
            null, true, null);
      }
      case "answer" -> {
        Optional<AnswerMatch> match = answers.best(subject.tenantId(), text, facts.levels().keySet(),
            policy.answerGroup());
        if (match.isPresent()) {
          yield new Applied(GuardAction.ANSWER, text, match.get().answer().answer(), null, false, match.get());
        }
        if (crisis(request)) {
          yield Applied.of(GuardAction.ANSWER, text, properties.crisisAnswer());
        }
        yield policy.answerText() != null ? Applied.of(GuardAction.ANSWER, text, policy.answerText())
            : Applied.of(GuardAction.BLOCK, text, refusal(policy));
      }
      default -> throw new IllegalStateException("unknown policy action " + policy.action());
    };
  }

  Applied byDefault(GuardSubject subject, GuardRequest request, Decision decision, CheckFacts facts) {
    return switch (decision.action()) {
      case BLOCK -> {
        if (request.direction() == GuardDirection.INPUT) {
          Optional<AnswerMatch> match = answers.best(subject.tenantId(), request.text(), facts.levels().keySet(),
              null);
          if (match.isPresent()) {
            yield new Applied(GuardAction.ANSWER, request.text(), match.get().answer().answer(), null, false,
                match.get());
          }
        }
        if (crisis(request)) {
          yield Applied.of(GuardAction.ANSWER, request.text(), properties.crisisAnswer());
        }
        yield Applied.of(GuardAction.BLOCK, request.text(), properties.refusalText());
      }
      case MASK -> Applied.of(GuardAction.MASK, decision.maskedText(), null);
      case ANSWER, ALLOW -> Applied.of(GuardAction.ALLOW, request.text(), null);
    };
  }

  /** Whether an input speaks of the user's own suicide or self-harm and the crisis answer is on. */
  private boolean crisis(GuardRequest request) {
    return request.direction() == GuardDirection.INPUT && !properties.crisisAnswer().isBlank()
        && CrisisAnswer.concernsSelf(request.text());
  }

  private String refusal(Policy policy) {
    return policy.refusalText() != null ? policy.refusalText() : properties.refusalText();
  }

  /** Masks the confident personal-data findings of the original text with the policy's strategy. */
  private String mask(Decision decision, String text, String strategy) {
    MaskStrategy how = strategy == null ? engine.thresholds().maskStrategy()
        : MaskStrategy.valueOf(strategy.toUpperCase(Locale.ROOT));
    List<PiiMatch> found = decision.matched().stream()
        .filter(m -> "pii".equals(m.type()) && Layer.ORIGINAL.equals(m.layer()) && m.level() != RiskLevel.NONE)
        .map(m -> new PiiMatch(PiiType.valueOf(m.riskType()), m.span(),
            text.substring(m.span().start(), m.span().end()), 1.0, m.rule()))
        .toList();
    return found.isEmpty() ? text : masker.mask(text, found, how);
  }
}
