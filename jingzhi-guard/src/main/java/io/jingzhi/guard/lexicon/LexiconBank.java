package io.jingzhi.guard.lexicon;

import java.time.Instant;

/**
 * A keyword bank as operators see it. {@code tenantId} null: the platform-wide global bank. {@code origin}
 * {@code starter}: seeded from the shipped starter list.
 */
public record LexiconBank(long id, Long tenantId, String scope, String name, String description, boolean enabled,
    int currentVersion, long entryCount, String origin, Instant createdAt, Instant updatedAt) {

  public boolean global() {
    return tenantId == null;
  }
}
