package io.jingzhi.agent.intervention;

import java.time.Instant;

/**
 * Feedback on one run, for review (回流).
 *
 * @param query the run's query and {@code answer} its answer, as they were when the feedback was given
 * @param status {@code new} or {@code adopted}; {@code qaId} is then the curated pair made of it
 */
public record Feedback(long id, long runId, long userId, String rating, String comment, String correctedAnswer,
    String query, String answer, String status, Long qaId, Instant createdAt) {}
