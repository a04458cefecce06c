package io.jingzhi.iam.api;

import static io.jingzhi.iam.api.Permissions.*;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The roles every installation has. The first three are the separated administrators of 等保三级
 * (三员分立): their powers do not overlap and one person holds at most one of them.
 */
public enum BuiltinRole {
  SYSTEM_ADMIN("system-admin", "系统管理员", "Accounts, organizations, projects, apps and keys of the whole platform",
      true, Set.of(ORG_READ, ORG_WRITE, USER_READ, USER_WRITE, GROUP_READ, GROUP_WRITE, ROLE_READ, PROJECT_READ,
          PROJECT_WRITE, APP_READ, APP_WRITE, APIKEY_READ, APIKEY_WRITE, MODEL_READ, MODEL_WRITE, MODEL_INVOKE,
          USAGE_READ, KB_READ, KB_WRITE, AGENT_READ, AGENT_WRITE, AGENT_INVOKE, GUARD_CHECK)),
  SECURITY_ADMIN("security-admin", "安全管理员", "Roles and their assignment, account unlocking, security policies",
      true, Set.of(ORG_READ, USER_READ, USER_UNLOCK, GROUP_READ, ROLE_READ, ROLE_WRITE, ROLE_ASSIGN, SECURITY_POLICY,
          GUARD_MANAGE, GUARD_CHECK, MODEL_READ)),
  AUDIT_ADMIN("audit-admin", "审计管理员", "Reads, exports and verifies the audit trail; changes nothing",
      true, Set.of(ORG_READ, USER_READ, AUDIT_READ, AUDIT_EXPORT, USAGE_READ)),
  TENANT_ADMIN("tenant-admin", "租户管理员", "Administers one department (委办局): its orgs, users, projects and keys",
      false, Set.of(ORG_READ, ORG_WRITE, USER_READ, USER_WRITE, USER_UNLOCK, GROUP_READ, GROUP_WRITE, ROLE_READ,
          ROLE_ASSIGN, PROJECT_READ, PROJECT_WRITE, APP_READ, APP_WRITE, APIKEY_READ, APIKEY_WRITE, MODEL_READ,
          MODEL_INVOKE, USAGE_READ, KB_READ, KB_WRITE, AGENT_READ, AGENT_WRITE, AGENT_INVOKE, GUARD_CHECK,
          GUARD_MANAGE)),
  DEVELOPER("developer", "开发者", "Builds applications in the department's projects",
      false, Set.of(ORG_READ, USER_READ, GROUP_READ, ROLE_READ, PROJECT_READ, APP_READ, APP_WRITE, APIKEY_READ,
          APIKEY_WRITE, MODEL_READ, MODEL_INVOKE, USAGE_READ, KB_READ, KB_WRITE, AGENT_READ, AGENT_WRITE,
          AGENT_INVOKE, GUARD_CHECK)),
  REVIEWER("reviewer", "评审员", "Reviews approval and evaluation requests of the department",
      false, Set.of(ORG_READ, PROJECT_READ, APP_READ, MODEL_READ, KB_READ, AGENT_READ, REVIEW_PERFORM));

  private final String code;
  private final String displayName;
  private final String description;
  private final boolean separatedAdmin;
  private final Set<String> permissions;

  BuiltinRole(String code, String displayName, String description, boolean separatedAdmin, Set<String> permissions) {
    this.code = code;
    this.displayName = displayName;
    this.description = description;
    this.separatedAdmin = separatedAdmin;
    this.permissions = permissions;
  }

  public String code() {
    return code;
  }

  public String displayName() {
    return displayName;
  }

  public String description() {
    return description;
  }

  public Set<String> permissions() {
    return permissions;
  }

  public boolean separatedAdmin() {
    return separatedAdmin;
  }

  public static Optional<BuiltinRole> of(String code) {
    return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
  }

  public static boolean isSeparatedAdmin(String code) {
    return of(code).map(BuiltinRole::separatedAdmin).orElse(false);
  }
}
