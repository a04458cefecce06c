package io.jingzhi.iam.project;

import java.time.Instant;

/** An application of a project; it owns the API keys used to call the platform. */
public record App(long id, String code, String name, String description, long projectId, Instant createdAt,
    Instant updatedAt) {}
