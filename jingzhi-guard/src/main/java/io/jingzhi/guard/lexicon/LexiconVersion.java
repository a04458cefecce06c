package io.jingzhi.guard.lexicon;

import java.time.Instant;

/** One version of a bank: who made it, when, how many entries it had and what changed; restorable while kept. */
public record LexiconVersion(int version, String createdBy, Instant createdAt, int entryCount, String summary,
    boolean restorable) {}
