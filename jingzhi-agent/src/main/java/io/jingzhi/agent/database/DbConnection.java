package io.jingzhi.agent.database;

import java.time.Instant;

/**
 * A stored database connection as the API answers it: the password is never part of it ({@code has_password}
 * tells whether one is stored).
 */
public record DbConnection(long id, String name, String description, long projectId, String project, long orgId,
    long tenantId, String kind, String url, String username, boolean hasPassword, boolean readOnly, long createdBy,
    Instant createdAt, Instant updatedAt) {

  public DbKind dbKind() {
    return DbKind.parse(kind).orElseThrow();
  }
}
