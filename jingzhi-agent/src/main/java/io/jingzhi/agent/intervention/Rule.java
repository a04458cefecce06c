package io.jingzhi.agent.intervention;

import java.time.Instant;

/**
 * A scripted reply of an app, given when its rule matches the query.
 *
 * @param match {@code keyword} (any of the comma-separated words in {@code pattern}) or {@code regex}
 * @param priority smaller is tried first
 */
public record Rule(long id, String name, String match, String pattern, String reply, int priority, boolean enabled,
    long hits, Instant createdAt, Instant updatedAt) {}
