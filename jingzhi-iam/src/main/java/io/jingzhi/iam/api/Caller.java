package io.jingzhi.iam.api;

import io.jingzhi.common.error.ApiException;
import java.util.Set;

/**
 * Who is calling: a signed-in user or an API key acting for its app. Every permission and tenant
 * decision of the platform is taken from this one record.
 *
 * @param userId the user, or for an API key the user who created it
 * @param tenantId the tenant (nearest tenant-boundary org) the caller belongs to
 * @param passwordChangeRequired the user must change the password before doing anything else
 */
public record Caller(
    long userId,
    String username,
    String displayName,
    long orgId,
    long tenantId,
    Set<String> roles,
    Set<String> permissions,
    AuthType authType,
    Long apiKeyId,
    Long appId,
    Long sessionId,
    String sourceIp,
    boolean passwordChangeRequired) {

  /** How the caller proved who it is. */
  public enum AuthType { USER, API_KEY }

  public Caller {
    roles = Set.copyOf(roles);
    permissions = Set.copyOf(permissions);
  }

  /** Platform-level administrators (三员) see every tenant; everybody else sees only their own. */
  public boolean platformScope() {
    return authType == AuthType.USER && roles.stream().anyMatch(BuiltinRole::isSeparatedAdmin);
  }

  public boolean can(String permission) {
    return permissions.contains(permission);
  }

  public void require(String permission) {
    if (!can(permission)) {
      throw ApiException.forbidden("permission_denied", "This action needs the permission " + permission);
    }
  }

  public boolean canSeeTenant(Long tenant) {
    return platformScope() || (tenant != null && tenant == tenantId);
  }

  public Caller withSourceIp(String ip) {
    return new Caller(userId, username, displayName, orgId, tenantId, roles, permissions, authType, apiKeyId,
        appId, sessionId, ip, passwordChangeRequired);
  }
}
