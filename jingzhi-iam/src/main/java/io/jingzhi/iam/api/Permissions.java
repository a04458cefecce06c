package io.jingzhi.iam.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The permission catalog. Later modules' permissions are declared here too so roles can name them. */
public final class Permissions {

  public static final String ORG_READ = "org:read";
  public static final String ORG_WRITE = "org:write";
  public static final String USER_READ = "user:read";
  public static final String USER_WRITE = "user:write";
  public static final String USER_UNLOCK = "user:unlock";
  public static final String GROUP_READ = "group:read";
  public static final String GROUP_WRITE = "group:write";
  public static final String ROLE_READ = "role:read";
  public static final String ROLE_WRITE = "role:write";
  public static final String ROLE_ASSIGN = "role:assign";
  public static final String PROJECT_READ = "project:read";
  public static final String PROJECT_WRITE = "project:write";
  public static final String APP_READ = "app:read";
  public static final String APP_WRITE = "app:write";
  public static final String APIKEY_READ = "apikey:read";
  public static final String APIKEY_WRITE = "apikey:write";
  public static final String AUDIT_READ = "audit:read";
  public static final String AUDIT_EXPORT = "audit:export";
  public static final String SECURITY_POLICY = "security:policy";
  public static final String MODEL_READ = "model:read";
  public static final String MODEL_WRITE = "model:write";
  public static final String MODEL_INVOKE = "model:invoke";
  public static final String USAGE_READ = "usage:read";
  public static final String GUARD_MANAGE = "guard:manage";
  public static final String GUARD_CHECK = "guard:check";
  public static final String KB_READ = "kb:read";
  public static final String KB_WRITE = "kb:write";
  public static final String AGENT_READ = "agent:read";
  public static final String AGENT_WRITE = "agent:write";
  public static final String AGENT_INVOKE = "agent:invoke";
  public static final String REVIEW_PERFORM = "review:perform";

  /** Powers reserved to the separated administrators; custom roles may not carry them. */
  public static final Set<String> SEPARATED = Set.of(ROLE_WRITE, AUDIT_READ, AUDIT_EXPORT, SECURITY_POLICY);

  private static final Map<String, String> CATALOG = new LinkedHashMap<>();

  static {
    CATALOG.put(ORG_READ, "View organizations");
    CATALOG.put(ORG_WRITE, "Create, change and delete organizations");
    CATALOG.put(USER_READ, "View users");
    CATALOG.put(USER_WRITE, "Create, change, disable users and reset passwords");
    CATALOG.put(USER_UNLOCK, "Unlock locked accounts");
    CATALOG.put(GROUP_READ, "View user groups");
    CATALOG.put(GROUP_WRITE, "Manage user groups and their members");
    CATALOG.put(ROLE_READ, "View roles and permissions");
    CATALOG.put(ROLE_WRITE, "Define custom roles");
    CATALOG.put(ROLE_ASSIGN, "Assign roles to users");
    CATALOG.put(PROJECT_READ, "View projects");
    CATALOG.put(PROJECT_WRITE, "Manage projects");
    CATALOG.put(APP_READ, "View apps");
    CATALOG.put(APP_WRITE, "Manage apps");
    CATALOG.put(APIKEY_READ, "View API keys");
    CATALOG.put(APIKEY_WRITE, "Create and revoke API keys");
    CATALOG.put(AUDIT_READ, "Read the audit trail and verify its chain");
    CATALOG.put(AUDIT_EXPORT, "Export the audit trail");
    CATALOG.put(SECURITY_POLICY, "Manage security policies");
    CATALOG.put(MODEL_READ, "View models");
    CATALOG.put(MODEL_WRITE, "Register and change models");
    CATALOG.put(MODEL_INVOKE, "Call models through the gateway");
    CATALOG.put(USAGE_READ, "View and export model usage (tokens, calls, latency)");
    CATALOG.put(GUARD_MANAGE, "Manage guardrail policies and lexicons");
    CATALOG.put(GUARD_CHECK, "Call the content-safety check");
    CATALOG.put(KB_READ, "Search knowledge bases");
    CATALOG.put(KB_WRITE, "Manage knowledge bases and documents");
    CATALOG.put(AGENT_READ, "View agent apps");
    CATALOG.put(AGENT_WRITE, "Build and publish agent apps");
    CATALOG.put(AGENT_INVOKE, "Run published agent apps");
    CATALOG.put(REVIEW_PERFORM, "Review approval and evaluation requests");
  }

  private Permissions() {}

  public static Map<String, String> catalog() {
    return Map.copyOf(CATALOG);
  }

  public static Iterable<Map.Entry<String, String>> ordered() {
    return CATALOG.entrySet();
  }

  public static boolean exists(String permission) {
    return CATALOG.containsKey(permission);
  }
}
