package io.jingzhi.knowledge.dictionary;

import java.time.Instant;
import java.util.List;

/**
 * A dictionary of the knowledge hub: a tenant's ({@code tenantId}) or platform-wide ({@code tenantId} null). It is
 * reused by every knowledge base it is linked to ({@code kbIds}: the linked bases the caller may know of).
 */
public record Dictionary(long id, String name, String description, Long tenantId, String origin, long entryCount,
    List<Long> kbIds, Instant createdAt, Instant updatedAt) {

  public Dictionary {
    kbIds = kbIds == null ? List.of() : List.copyOf(kbIds);
  }

  Dictionary withKbIds(List<Long> ids) {
    return new Dictionary(id, name, description, tenantId, origin, entryCount, ids, createdAt, updatedAt);
  }
}
