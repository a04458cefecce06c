package io.jingzhi.guard.check;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.alert.SubjectBlocks;
import io.jingzhi.guard.api.Guard;
import io.jingzhi.guard.api.GuardAction;
import io.jingzhi.guard.api.GuardDecided;
import io.jingzhi.guard.api.GuardDirection;
import io.jingzhi.guard.api.GuardFinding;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import io.jingzhi.guard.api.OutputGuard;
import io.jingzhi.guard.engine.CheckRequest;
import io.jingzhi.guard.engine.Decision;
import io.jingzhi.guard.engine.Direction;
import io.jingzhi.guard.engine.GuardEngine;
import io.jingzhi.guard.engine.Match;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The guard as the platform uses it: runs the engine on a text, turns its decision into a verdict (refusal text for
 * blocks, masked text for masks) and publishes every decision as a {@link GuardDecided} event.
 */
@Service
public class GuardService implements Guard {

  private final GuardEngine engine;
  private final GuardProperties properties;
  private final ApplicationEventPublisher events;
  private final SubjectBlocks blocks;

  public GuardService(GuardEngine engine, GuardProperties properties, ApplicationEventPublisher events,
      SubjectBlocks blocks) {
    this.engine = engine;
    this.properties = properties;
    this.events = events;
    this.blocks = blocks;
  }

  @Override
  public GuardVerdict check(GuardSubject subject, GuardRequest request) {
    return inspect(subject, request, Depth.FULL, true);
  }

  @Override
  public OutputGuard openOutput(GuardSubject subject) {
    return new StreamInspection(properties.holdBackChars(), properties.inspectEveryChars(),
        (request, depth, record) -> inspect(subject, request, depth, record));
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
    Direction direction = request.direction() == GuardDirection.OUTPUT ? Direction.OUTPUT : Direction.INPUT;
    String tenant = subject.tenantId() == null ? null : subject.tenantId().toString();
    Decision decision = engine.check(new CheckRequest(request.text(), direction, request.history(), tenant));
    GuardAction action = GuardAction.valueOf(decision.action().name());
    String eventId = record ? UUID.randomUUID().toString() : null;
    GuardVerdict verdict = new GuardVerdict(action, decision.riskLevel().name().toLowerCase(Locale.ROOT),
        decision.categories(), action == GuardAction.MASK ? decision.maskedText() : request.text(),
        action == GuardAction.BLOCK ? properties.refusalText() : null, findings(decision.matched()), null, true,
        eventId);
    verdict = blocks.enforce(subject, verdict); // a subject blocked by an alert rule is refused whatever it sends
    if (record) {
      String excerpt = excerpt(decision.maskedText());
      events.publishEvent(new GuardDecided(eventId, Instant.now(), subject, request.direction(), verdict, excerpt,
          properties.retainFullText().keeps(verdict) ? request.text() : null, (System.nanoTime() - t0) / 1000));
    }
    return verdict;
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
