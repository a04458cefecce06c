package io.jingzhi.iam.api;

/** Past-tense events other modules listen to. */
public final class IamEvents {

  private IamEvents() {}

  /** An API key stopped working: revoked by a person, or its app was removed. */
  public record ApiKeyRevoked(long keyId, String keyHash) {}

  /** A user's account, roles or org changed: cached callers must be rebuilt. */
  public record UserChanged(long userId) {}

  /** A role's permissions changed: every cached caller holding it must be rebuilt. */
  public record RoleChanged(String roleCode) {}

  /** A user can no longer sign in; their sessions are gone. */
  public record UserDisabled(long userId) {}
}
