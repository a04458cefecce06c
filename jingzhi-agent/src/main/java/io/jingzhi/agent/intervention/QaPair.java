package io.jingzhi.agent.intervention;

import java.time.Instant;

/**
 * A curated question → answer pair of an app.
 *
 * @param source {@code manual}, {@code import} or {@code feedback} (adopted from a corrected answer)
 * @param hits how many queries it answered
 */
public record QaPair(long id, String question, String answer, boolean enabled, String source, long hits,
    Instant createdAt, Instant updatedAt) {}
