package io.jingzhi.guard.event;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.GuardDecided;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Queues every guard decision for the event store, on the checking thread and without waiting. Decisions of the
 * evaluation runner (channel {@code eval}) are not stored: thousands of synthetic rows would drown the real events
 * and statistics; the evaluation keeps its own per-row outcomes. The full text is kept only when
 * {@code jingzhi.guard.retain-full-text} allows it, whatever the publisher sent.
 */
@Component
class EventRecorder {

  static final String EVAL_CHANNEL = "eval";

  private final EventWriter writer;
  private final GuardProperties properties;

  EventRecorder(EventWriter writer, GuardProperties properties) {
    this.writer = writer;
    this.properties = properties;
  }

  @EventListener
  void on(GuardDecided event) {
    if (EVAL_CHANNEL.equals(event.subject().channel())) {
      return;
    }
    boolean keep = event.fullText() != null && properties.retainFullText().keeps(event.verdict());
    writer.offer(keep ? event : new GuardDecided(event.eventId(), event.at(), event.subject(), event.direction(),
        event.verdict(), event.excerpt(), null, event.latencyMicros()));
  }
}
