package io.jingzhi.iam.org;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * A node of the organization tree (市 → 委办局 → 处室). A tenant-boundary org and everything under it up to
 * the next boundary form one tenant, identified by the boundary's id.
 */
public record Org(
    long id,
    String code,
    String name,
    Long parentId,
    String path,
    int depth,
    boolean tenant,
    long tenantId,
    boolean enabled,
    String source,
    String externalId,
    Instant createdAt,
    Instant updatedAt) {

  @JsonIgnore
  public boolean isRoot() {
    return parentId == null;
  }

  @JsonIgnore
  public boolean isWithin(Org ancestor) {
    return path.startsWith(ancestor.path());
  }
}
