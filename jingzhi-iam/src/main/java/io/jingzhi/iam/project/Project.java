package io.jingzhi.iam.project;

import java.time.Instant;

/** A department's unit of work that owns apps, keys and (later) knowledge bases and quotas. */
public record Project(long id, String code, String name, String description, long orgId, String orgName,
    Instant createdAt, Instant updatedAt) {}
