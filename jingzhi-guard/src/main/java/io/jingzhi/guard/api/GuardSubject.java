package io.jingzhi.guard.api;

import io.jingzhi.iam.api.Caller;
import java.util.Set;

/**
 * Who and what a check is about — the facts policies are scoped by (tenant, org, user, roles, app, model, source
 * IP) and that guard events record. Any field may be {@code null} when unknown (e.g. a reverse-proxied app whose
 * identity header is missing).
 *
 * @param channel where the text came from: {@code api} (the check endpoint), {@code gateway} (a model call),
 *     {@code proxy} (the reverse proxy), {@code eval} (the evaluation runner)
 */
public record GuardSubject(
    Long tenantId,
    Long orgId,
    Long userId,
    String username,
    Set<String> roles,
    Long projectId,
    Long appId,
    Long apiKeyId,
    String model,
    String sourceIp,
    String channel) {

  public GuardSubject {
    roles = roles == null ? Set.of() : Set.copyOf(roles);
  }

  /** The subject of a platform caller (user or API key). */
  public static GuardSubject of(Caller caller, String model, String channel) {
    return new GuardSubject(caller.tenantId(), caller.orgId(), caller.userId(), caller.username(), caller.roles(),
        null, caller.appId(), caller.apiKeyId(), model, caller.sourceIp(), channel);
  }

  public GuardSubject withModel(String name) {
    return new GuardSubject(tenantId, orgId, userId, username, roles, projectId, appId, apiKeyId, name, sourceIp,
        channel);
  }
}
