package io.jingzhi.guard.analysis;

/** A user or app ranked by risk over a period: its decisions, stopped texts, prompt attacks, masks and score. */
public record TopEntry(String key, String label, long events, long stopped, long attacks, long masked, long points,
    int score) {}
