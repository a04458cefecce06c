package io.jingzhi.guard.api;

import java.time.Instant;

/**
 * Published after every guard decision (any action, monitor-only included). {@code excerpt} is the start of the
 * checked text with personal data masked; {@code fullText} is the original text when policy retains it, otherwise
 * null. Listeners store, count and alert; they must not block the caller.
 */
public record GuardDecided(
    String eventId,
    Instant at,
    GuardSubject subject,
    GuardDirection direction,
    GuardVerdict verdict,
    String excerpt,
    String fullText,
    long latencyMicros) {}
