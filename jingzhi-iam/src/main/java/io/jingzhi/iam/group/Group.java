package io.jingzhi.iam.group;

import java.time.Instant;

/** A named set of users within an org, used to share resources and assign work. */
public record Group(long id, String name, String description, long orgId, int memberCount, Instant createdAt) {}
