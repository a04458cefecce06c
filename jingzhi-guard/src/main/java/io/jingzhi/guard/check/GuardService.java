package io.jingzhi.guard.check;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.alert.SubjectBlocks;
import io.jingzhi.guard.answer.AnswerCatalog;
import io.jingzhi.guard.answer.AnswerCatalog.AnswerMatch;
import io.jingzhi.guard.api.Guard;
import io.jingzhi.guard.api.GuardAction;
import io.jingzhi.guard.api.GuardDecided;
import io.jingzhi.guard.api.GuardDirection;
import io.jingzhi.guard.api.GuardFinding;
import io.jingzhi.guard.api.GuardModel;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import io.jingzhi.guard.api.OutputGuard;
import io.jingzhi.guard.engine.CheckRequest;
import io.jingzhi.guard.engine.Decision;
import io.jingzhi.guard.engine.Direction;
import io.jingzhi.guard.engine.GuardEngine;
import io.jingzhi.guard.engine.Match;
import io.jingzhi.guard.pii.ClearTextRoles;
import io.jingzhi.guard.policy.Policy;
import io.jingzhi.guard.policy.PolicyCatalog;
import io.jingzhi.guard.policy.PolicyTrace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The guard as the platform uses it: runs the engine on a text, lets the first fitting policy decide (or the
 * engine's defaults when none fits), turns that into a verdict (refusal text, masked text, canned answer) and
 * publishes every decision as a {@link GuardDecided} event.
 */
@Service
public class GuardService implements Guard {

  private final GuardEngine engine;
  private final GuardProperties properties;
  private final ApplicationEventPublisher events;
  private final PolicyCatalog policies;
  private final PolicyActions actions;
  private final ClearTextRoles clearText;
  private final SubjectBlocks blocks;
  private final GuardModelCascade cascade;

  public GuardService(GuardEngine engine, GuardProperties properties, ApplicationEventPublisher events,
      PolicyCatalog policies, PolicyActions actions, ClearTextRoles clearText, SubjectBlocks blocks,
      ObjectProvider<GuardModel> guardModel) {
    this.cascade = new GuardModelCascade(properties.cascade(),
        properties.cascade().on() ? guardModel.getIfAvailable() : null);
    this.clearText = clearText;
    this.blocks = blocks;
    this.engine = engine;
    this.properties = properties;
    this.events = events;
    this.policies = policies;
    this.actions = actions;
  }

  @Override
  public GuardVerdict check(GuardSubject subject, GuardRequest request) {
    return inspect(subject, request, request.secondary() ? Depth.RULES : Depth.FULL, true);
  }

  /** Checks without recording, and says why: every finding, every policy's outcome, the canned-answer match. */
  public Explanation explain(GuardSubject subject, GuardRequest request) {
    List<PolicyTrace> trace = new ArrayList<>();
    Outcome o = decide(subject, request, Depth.FULL, trace);
    return new Explanation(o.verdict(), o.decision().action().name().toLowerCase(Locale.ROOT),
        o.decision().attackScore(), trace, o.answer());
  }

  /** What {@link #explain} reports besides the verdict. */
  public record Explanation(GuardVerdict verdict, String engineAction, double attackScore,
      List<PolicyTrace> policies, AnswerMatch answer) {}

  @Override
  public OutputGuard openOutput(GuardSubject subject) {
    String tenant = tenantOf(subject);
    return new StreamInspection(properties.holdBackChars(), properties.streamContextChars(),
        (request, depth, record) -> inspect(subject, request, depth, record),
        text -> engine.pendingTail(text, tenant, properties.holdBackChars()));
  }

  @Override
  public String visibleLabel(GuardSubject subject) {
    String label = properties.visibleLabel();
    return label == null || label.isBlank() ? null : label;
  }

  /** How deep an inspection goes: stream windows run the rules only; whole texts also run the classifier. */
  enum Depth { RULES, FULL }

  /** One inspection step, as the stream inspection calls it. */
  @FunctionalInterface
  interface Inspector {
    GuardVerdict inspect(GuardRequest request, Depth depth, boolean record);
  }

  GuardVerdict inspect(GuardSubject subject, GuardRequest request, Depth depth, boolean record) {
    long t0 = System.nanoTime();
    Outcome o = decide(subject, request, depth, null);
    // a subject blocked by an alert rule is refused whatever it sends
    GuardVerdict verdict = blocks.enforce(subject, o.verdict());
    if (!request.mayStop()) {
      verdict = maskOnly(verdict, o.decision());
    } else if (request.secondary() && verdict.action() == GuardAction.ANSWER) {
      // a standard answer would answer an earlier turn, not what is asked now: refuse instead
      verdict = new GuardVerdict(GuardAction.BLOCK, verdict.riskLevel(), verdict.categories(), request.text(),
          properties.refusalText(), verdict.matched(), verdict.policy(), verdict.enforced(), null, null,
          verdict.alert());
    }
    // A monitoring policy records what it would do and lets the text pass — but never less protected than with no
    // policy at all: the personal data the engine found is still masked.
    GuardVerdict passed = monitoredStillMasks(verdict, o.decision());
    if (!record || request.secondary() && verdict.action() == GuardAction.ALLOW && verdict.matched().isEmpty()) {
      return passed;
    }
    verdict = verdict.withEventId(UUID.randomUUID().toString());
    events.publishEvent(new GuardDecided(verdict.eventId(), Instant.now(), subject, request.direction(), verdict,
        excerpt(o.decision().maskedText()), properties.retainFullText().keeps(verdict) ? request.text() : null,
        (System.nanoTime() - t0) / 1000));
    return passed == verdict ? verdict : passed.withEventId(verdict.eventId());
  }

  /** For a monitored (not enforced) stop: the text masked as the engine masked it, enforced; else the verdict. */
  private static GuardVerdict monitoredStillMasks(GuardVerdict v, Decision decision) {
    if (v.enforced() || !v.action().stops() || decision.maskedText().equals(v.text())) {
      return v;
    }
    return new GuardVerdict(GuardAction.MASK, v.riskLevel(), v.categories(), decision.maskedText(), null,
        v.matched(), v.policy(), true, null, null, v.alert());
  }

  /**
   * A stopping verdict on a text that may not stop the call: it masks the text's personal data (the engine's
   * masking) or lets it pass; the risk it found stays in the verdict and the recorded event.
   */
  private static GuardVerdict maskOnly(GuardVerdict v, Decision decision) {
    if (!v.action().stops()) {
      return v;
    }
    boolean masked = !decision.maskedText().equals(v.text());
    return new GuardVerdict(masked ? GuardAction.MASK : GuardAction.ALLOW, v.riskLevel(), v.categories(),
        masked ? decision.maskedText() : v.text(), null, v.matched(), v.policy(), v.enforced(), null, null,
        v.alert());
  }

  private record Outcome(Decision decision, GuardVerdict verdict, AnswerMatch answer) {}

  private Outcome decide(GuardSubject subject, GuardRequest request, Depth depth, List<PolicyTrace> trace) {
    Direction direction = request.direction() == GuardDirection.OUTPUT ? Direction.OUTPUT : Direction.INPUT;
    String tenant = tenantOf(subject);
    boolean rulesOnly = depth == Depth.RULES || direction == Direction.OUTPUT && !properties.semanticOutput();
    Decision decision = engine.check(new CheckRequest(request.text(), direction, request.history(), tenant,
        rulesOnly));
    if (direction == Direction.INPUT && !rulesOnly) {
      decision = cascade.apply(request.text(), decision); // the guard model's opinion, when it is asked
    }
    var facts = actions.facts(request, decision);
    Policy policy = policies.decide(subject, facts, trace).orElse(null);
    PolicyActions.Applied applied = policy == null ? actions.byDefault(subject, request, decision, facts)
        : actions.apply(policy, subject, request, decision, facts);
    GuardAction action = applied.action();
    String text = applied.text();
    if (action == GuardAction.MASK && clearText.allows(subject.tenantId(), subject.roles())) {
      action = GuardAction.ALLOW; // the caller's role may see personal data; the event excerpt stays masked
      text = request.text();
    }
    GuardVerdict verdict = new GuardVerdict(action, decision.riskLevel().name().toLowerCase(Locale.ROOT),
        decision.categories(), text, applied.answer(), findings(decision.matched()),
        policy == null ? null : policy.code(), policy == null || policy.enforce(), null, applied.redirect(),
        applied.alert());
    return new Outcome(decision, verdict, applied.match());
  }

  private static String tenantOf(GuardSubject subject) {
    return subject.tenantId() == null ? null : subject.tenantId().toString();
  }

  private String excerpt(String masked) {
    int max = properties.excerptChars();
    return masked.length() <= max ? masked : masked.substring(0, max) + "…";
  }

  private static List<GuardFinding> findings(List<Match> matched) {
    return matched.stream().map(m -> new GuardFinding(m.type(), m.riskType(),
        m.level().name().toLowerCase(Locale.ROOT), m.layer(), m.span().start(), m.span().end(), m.rule())).toList();
  }
}
