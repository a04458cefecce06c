package io.jingzhi.server.iam;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.iam.api.BuiltinRole;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.server.support.IamFixtures;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.TestApi;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Tenant isolation and the authorization matrix: every endpoint of the platform API is listed below with how it
 * must answer the anonymous, a revoked or expired key, a working key, and the users of another tenant. An endpoint
 * added without a row fails {@link #everyEndpointHasARowInTheMatrix()}.
 */
class TenantIsolationIT extends ServerIT {

  /** How an endpoint relates to tenants. */
  enum Kind {
    /** Open without signing in. */
    PUBLIC,
    /** The caller's own account or session. */
    SELF,
    /** Platform-wide (roles, audit): not tenant data, but needs its permission. */
    PLATFORM,
    /** A listing: shows only the caller's tenant. */
    LIST,
    /** Addresses (by path or body) a resource of tenant A: tenant B must get 404. */
    TENANT,
    /** Like {@link #TENANT}, but API keys may call it too (the guard check): tenant B's keys also get 404. */
    TENANT_KEY,
    /** Like {@link #LIST}, but API keys may call it too (the app catalog): they get 200 with what they may use. */
    LIST_KEY
  }

  /** One endpoint. {@code permission} is what the operation needs: a user of tenant B without it gets 403, with it 404. */
  record Row(String method, String template, Kind kind, String permission, Function<World, String> path,
      Function<World, Object> body) {
    String key() {
      return method + " " + template;
    }
  }

  /** Two tenants with every kind of resource in A, keys of B in every state, and sign-ins. */
  record World(Tenant a, Tenant b, long aSubOrg, long aEmptyOrg, long aGroup, long aProject, long aApp, long aKey,
      long bGroup, long bProject, long bApp, String bKey, String bRevokedKey, String bExpiredKey, String bAdmin,
      String bDev, String aAdmin, long aBenchmark, long aLexicon, long aLexiconEntry, long aPiiRule,
      long aPolicy, long aAnswer, long aProxyRoute) {}

  private static Row row(String method, String template, Kind kind, String permission, Function<World, String> path,
      Function<World, Object> body) {
    return new Row(method, template, kind, permission, path, body);
  }

  private static Row row(String method, String template, Kind kind, String permission, Function<World, String> path) {
    return row(method, template, kind, permission, path, w -> null);
  }

  /** Guard resources of tenant A (stored directly: no check or job has to run). */
  private static GuardWorld guard;

  record GuardWorld(String event, long rule, long alert, long block, long evaluation) {}

  /** Intervention resources of tenant A: an app and a run stored directly in their features' tables. */
  private static AgentWorld agent;

  record AgentWorld(String app, long qa, long rule, long run, long feedback) {}

  /** Knowledge resources of tenant A (stored directly: no ingestion has to run). */
  private static KnowledgeWorld knowledge;

  record KnowledgeWorld(String projectCode, long kb, long doc, long chunk, long job) {}
  /** Knowledge dictionaries, trees and graphs of tenant A (a base of A with one entity and relation). */
  private static KbGraphWorld kbGraph;

  record KbGraphWorld(long dictionary, long entry, long tree, long node, long kb, long entity, long relation) {}

  /** A database connection of tenant A (stored directly: nothing connects to it). */
  private static long dbConnection;
  /** An MCP server of tenant A (stored directly: nothing is connected). */
  private static long mcpServer;
  /** An agent app of tenant A with a run waiting for human input and a conversation (stored directly). */
  private static AgentRunWorld agentRuns;

  record AgentRunWorld(String app, long run, String conversation) {}
  /** An agent app of tenant A (private, published once) in A's project. */
  private static AgentAppWorld agentApps;

  record AgentAppWorld(String projectCode, String app) {}

  static final List<Row> MATRIX = List.of(
      row("POST", "/api/v1/auth/login", Kind.PUBLIC, null, w -> "/api/v1/auth/login",
          w -> Map.of("username", "nobody", "password", "x")),
      row("GET", "/api/v1/auth/providers", Kind.PUBLIC, null, w -> "/api/v1/auth/providers"),
      row("POST", "/api/v1/auth/logout", Kind.SELF, null, w -> "/api/v1/auth/logout"),
      row("GET", "/api/v1/me", Kind.SELF, null, w -> "/api/v1/me"),
      row("PATCH", "/api/v1/me", Kind.SELF, null, w -> "/api/v1/me", w -> Map.of("display_name", "x")),
      row("POST", "/api/v1/me/password", Kind.SELF, null, w -> "/api/v1/me/password",
          w -> Map.of("current_password", "x", "new_password", "Y#new-passw0rd")),

      row("GET", "/api/v1/orgs", Kind.LIST, Permissions.ORG_READ, w -> "/api/v1/orgs"),
      row("GET", "/api/v1/orgs/{id}", Kind.TENANT, Permissions.ORG_READ, w -> "/api/v1/orgs/" + w.aSubOrg()),
      row("POST", "/api/v1/orgs", Kind.TENANT, Permissions.ORG_WRITE, w -> "/api/v1/orgs",
          w -> Map.of("code", unique("leak"), "name", "x", "parent_id", w.a().orgId())),
      row("PATCH", "/api/v1/orgs/{id}", Kind.TENANT, Permissions.ORG_WRITE, w -> "/api/v1/orgs/" + w.aSubOrg(),
          w -> Map.of("name", "hacked", "enabled", false)),
      row("POST", "/api/v1/orgs/{id}/move", Kind.TENANT, Permissions.ORG_WRITE,
          w -> "/api/v1/orgs/" + w.aSubOrg() + "/move", w -> Map.of("parent_id", w.b().orgId())),
      row("DELETE", "/api/v1/orgs/{id}", Kind.TENANT, Permissions.ORG_WRITE, w -> "/api/v1/orgs/" + w.aEmptyOrg()),

      row("GET", "/api/v1/users", Kind.LIST, Permissions.USER_READ, w -> "/api/v1/users?size=500"),
      row("GET", "/api/v1/users/{id}", Kind.TENANT, Permissions.USER_READ, w -> "/api/v1/users/" + w.a().devId()),
      row("POST", "/api/v1/users", Kind.TENANT, Permissions.USER_WRITE, w -> "/api/v1/users",
          w -> Map.of("username", unique("leak"), "display_name", "x", "password", IamFixtures.PASSWORD,
              "org_id", w.a().orgId())),
      row("PATCH", "/api/v1/users/{id}", Kind.TENANT, Permissions.USER_WRITE, w -> "/api/v1/users/" + w.a().devId(),
          w -> Map.of("display_name", "hacked", "enabled", false)),
      row("POST", "/api/v1/users/{id}/reset-password", Kind.TENANT, Permissions.USER_WRITE,
          w -> "/api/v1/users/" + w.a().devId() + "/reset-password", w -> Map.of("new_password", "Hacked#Passw0rd")),
      row("POST", "/api/v1/users/{id}/unlock", Kind.TENANT, Permissions.USER_UNLOCK,
          w -> "/api/v1/users/" + w.a().devId() + "/unlock"),
      row("PUT", "/api/v1/users/{id}/roles", Kind.TENANT, Permissions.ROLE_ASSIGN, w -> "/api/v1/users/" + w.a().devId() + "/roles",
          w -> Map.of("roles", List.of("reviewer"))),

      row("GET", "/api/v1/groups", Kind.LIST, Permissions.GROUP_READ, w -> "/api/v1/groups"),
      row("GET", "/api/v1/groups/{id}", Kind.TENANT, Permissions.GROUP_READ, w -> "/api/v1/groups/" + w.aGroup()),
      row("POST", "/api/v1/groups", Kind.TENANT, Permissions.GROUP_WRITE, w -> "/api/v1/groups",
          w -> Map.of("name", unique("leak"), "org_id", w.a().orgId())),
      row("PATCH", "/api/v1/groups/{id}", Kind.TENANT, Permissions.GROUP_WRITE, w -> "/api/v1/groups/" + w.aGroup(),
          w -> Map.of("name", "hacked")),
      row("DELETE", "/api/v1/groups/{id}", Kind.TENANT, Permissions.GROUP_WRITE,
          w -> "/api/v1/groups/" + w.aGroup()),
      row("PUT", "/api/v1/groups/{id}/members", Kind.TENANT, Permissions.GROUP_WRITE,
          w -> "/api/v1/groups/" + w.aGroup() + "/members", w -> Map.of("user_ids", List.of())),

      row("GET", "/api/v1/projects", Kind.LIST, Permissions.PROJECT_READ, w -> "/api/v1/projects"),
      row("GET", "/api/v1/projects/{id}", Kind.TENANT, Permissions.PROJECT_READ,
          w -> "/api/v1/projects/" + w.aProject()),
      row("POST", "/api/v1/projects", Kind.TENANT, Permissions.PROJECT_WRITE, w -> "/api/v1/projects",
          w -> Map.of("code", unique("leak"), "name", "x", "org_id", w.a().orgId())),
      row("PATCH", "/api/v1/projects/{id}", Kind.TENANT, Permissions.PROJECT_WRITE,
          w -> "/api/v1/projects/" + w.aProject(), w -> Map.of("name", "hacked")),
      row("DELETE", "/api/v1/projects/{id}", Kind.TENANT, Permissions.PROJECT_WRITE,
          w -> "/api/v1/projects/" + w.aProject()),
      row("GET", "/api/v1/projects/{projectId}/apps", Kind.TENANT, Permissions.APP_READ,
          w -> "/api/v1/projects/" + w.aProject() + "/apps"),
      row("GET", "/api/v1/projects/{projectId}/apps/{appId}", Kind.TENANT, Permissions.APP_READ,
          w -> "/api/v1/projects/" + w.aProject() + "/apps/" + w.aApp()),
      row("POST", "/api/v1/projects/{projectId}/apps", Kind.TENANT, Permissions.APP_WRITE,
          w -> "/api/v1/projects/" + w.aProject() + "/apps", w -> Map.of("code", unique("leak"), "name", "x")),
      row("PATCH", "/api/v1/projects/{projectId}/apps/{appId}", Kind.TENANT, Permissions.APP_WRITE,
          w -> "/api/v1/projects/" + w.aProject() + "/apps/" + w.aApp(), w -> Map.of("name", "hacked")),
      row("DELETE", "/api/v1/projects/{projectId}/apps/{appId}", Kind.TENANT, Permissions.APP_WRITE,
          w -> "/api/v1/projects/" + w.aProject() + "/apps/" + w.aApp()),

      row("GET", "/api/v1/projects/{projectId}/apps/{appId}/keys", Kind.TENANT, Permissions.APIKEY_READ,
          w -> "/api/v1/projects/" + w.aProject() + "/apps/" + w.aApp() + "/keys"),
      row("POST", "/api/v1/projects/{projectId}/apps/{appId}/keys", Kind.TENANT, Permissions.APIKEY_WRITE,
          w -> "/api/v1/projects/" + w.aProject() + "/apps/" + w.aApp() + "/keys", w -> Map.of("name", "leak")),
      row("GET", "/api/v1/api-keys/{id}", Kind.TENANT, Permissions.APIKEY_READ, w -> "/api/v1/api-keys/" + w.aKey()),
      row("POST", "/api/v1/api-keys/{id}/revoke", Kind.TENANT, Permissions.APIKEY_WRITE,
          w -> "/api/v1/api-keys/" + w.aKey() + "/revoke"),

      row("GET", "/api/v1/roles", Kind.PLATFORM, Permissions.ROLE_READ, w -> "/api/v1/roles"),
      row("GET", "/api/v1/roles/{code}", Kind.PLATFORM, Permissions.ROLE_READ, w -> "/api/v1/roles/developer"),
      row("GET", "/api/v1/permissions", Kind.PLATFORM, Permissions.ROLE_READ, w -> "/api/v1/permissions"),
      row("POST", "/api/v1/roles", Kind.PLATFORM, Permissions.ROLE_WRITE, w -> "/api/v1/roles",
          w -> Map.of("code", "leak-role", "name", "leak", "permissions", List.of())),
      row("PATCH", "/api/v1/roles/{code}", Kind.PLATFORM, Permissions.ROLE_WRITE, w -> "/api/v1/roles/developer",
          w -> Map.of("name", "hacked")),
      row("DELETE", "/api/v1/roles/{code}", Kind.PLATFORM, Permissions.ROLE_WRITE, w -> "/api/v1/roles/reviewer"),
      row("GET", "/api/v1/audit/events", Kind.PLATFORM, Permissions.AUDIT_READ, w -> "/api/v1/audit/events"),
      row("GET", "/api/v1/audit/events/export", Kind.PLATFORM, Permissions.AUDIT_EXPORT,
          w -> "/api/v1/audit/events/export"),
      row("GET", "/api/v1/audit/verify", Kind.PLATFORM, Permissions.AUDIT_READ, w -> "/api/v1/audit/verify"),

      row("GET", "/api/v1/auth/oidc/{id}/authorize", Kind.PUBLIC, null, w -> "/api/v1/auth/oidc/none/authorize"),
      row("GET", "/api/v1/auth/oidc/{id}/callback", Kind.PUBLIC, null,
          w -> "/api/v1/auth/oidc/none/callback?state=x&code=y"),
      row("POST", "/api/v1/sso/ldap/sync", Kind.PLATFORM, Permissions.USER_WRITE, w -> "/api/v1/sso/ldap/sync"),

      // The model registry is platform-wide: every tenant sees the same models.
      row("GET", "/api/v1/models", Kind.PLATFORM, Permissions.MODEL_READ, w -> "/api/v1/models"),
      row("GET", "/api/v1/models/{id}", Kind.PLATFORM, Permissions.MODEL_READ, w -> "/api/v1/models/1"),
      row("POST", "/api/v1/models", Kind.PLATFORM, Permissions.MODEL_WRITE, w -> "/api/v1/models",
          w -> Map.of("name", unique("leak"), "kind", "chat", "endpoints", List.of(Map.of("url", "http://127.0.0.1:9/v1")))),
      row("PATCH", "/api/v1/models/{id}", Kind.PLATFORM, Permissions.MODEL_WRITE, w -> "/api/v1/models/1",
          w -> Map.of("description", "hacked")),
      row("DELETE", "/api/v1/models/{id}", Kind.PLATFORM, Permissions.MODEL_WRITE, w -> "/api/v1/models/1"),
      row("GET", "/api/v1/models/{id}/health", Kind.PLATFORM, Permissions.MODEL_READ, w -> "/api/v1/models/1/health"),
      row("POST", "/api/v1/models/{id}/health/check", Kind.PLATFORM, Permissions.MODEL_READ,
          w -> "/api/v1/models/1/health/check"),

      // Benchmark runs belong to the tenant of their creator; creating one needs no resource of another tenant.
      row("GET", "/api/v1/benchmarks", Kind.LIST, Permissions.MODEL_READ, w -> "/api/v1/benchmarks"),
      row("POST", "/api/v1/benchmarks", Kind.LIST, Permissions.MODEL_INVOKE, w -> "/api/v1/benchmarks",
          w -> Map.of("model", "no-such-model", "mode", "concurrency", "concurrency", 1, "requests", 1)),
      row("GET", "/api/v1/benchmarks/{id}", Kind.TENANT, Permissions.MODEL_READ,
          w -> "/api/v1/benchmarks/" + w.aBenchmark()),
      row("GET", "/api/v1/benchmarks/compare", Kind.TENANT, Permissions.MODEL_READ,
          w -> "/api/v1/benchmarks/compare?ids=" + w.aBenchmark()),
      row("POST", "/api/v1/benchmarks/{id}/cancel", Kind.TENANT, Permissions.MODEL_INVOKE,
          w -> "/api/v1/benchmarks/" + w.aBenchmark() + "/cancel"),
      row("POST", "/api/v1/benchmarks/{id}/retry", Kind.TENANT, Permissions.MODEL_INVOKE,
          w -> "/api/v1/benchmarks/" + w.aBenchmark() + "/retry"),
      // Usage is confined to the caller's tenant in the query itself (MeteringIT checks the contents).
      row("GET", "/api/v1/usage/records", Kind.LIST, Permissions.USAGE_READ, w -> "/api/v1/usage/records"),
      row("GET", "/api/v1/usage/summary", Kind.LIST, Permissions.USAGE_READ,
          w -> "/api/v1/usage/summary?group_by=tenant"),
      row("GET", "/api/v1/usage/export", Kind.LIST, Permissions.USAGE_READ, w -> "/api/v1/usage/export"),
      // Limits: a tenant's admins set those of its projects and apps; platform admins those of tenants.
      row("GET", "/api/v1/limits", Kind.TENANT, Permissions.PROJECT_READ,
          w -> "/api/v1/limits?scope=project&scope_id=" + w.aProject()),
      row("PUT", "/api/v1/limits/{scope}/{scopeId}", Kind.TENANT, Permissions.PROJECT_WRITE,
          w -> "/api/v1/limits/app/" + w.aApp(), w -> Map.of("rpm", 1)),
      row("DELETE", "/api/v1/limits/{scope}/{scopeId}", Kind.TENANT, Permissions.PROJECT_WRITE,
          w -> "/api/v1/limits/project/" + w.aProject()),

      // Guard keyword banks: the global bank is readable by every tenant's guard managers; tenants' banks are theirs.
      row("GET", "/api/v1/guard/lexicons", Kind.LIST, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/lexicons"),
      row("POST", "/api/v1/guard/lexicons", Kind.TENANT, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/lexicons",
          w -> Map.of("name", unique("leak"), "tenant_id", w.a().orgId())),
      row("GET", "/api/v1/guard/lexicons/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/lexicons/" + w.aLexicon()),
      row("PATCH", "/api/v1/guard/lexicons/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/lexicons/" + w.aLexicon(), w -> Map.of("name", "hacked", "enabled", false)),
      row("DELETE", "/api/v1/guard/lexicons/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/lexicons/" + w.aLexicon()),
      row("GET", "/api/v1/guard/lexicons/{id}/entries", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/lexicons/" + w.aLexicon() + "/entries"),
      row("POST", "/api/v1/guard/lexicons/{id}/entries", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/lexicons/" + w.aLexicon() + "/entries", w -> Map.of("term", "leak", "kind", "whitelist")),
      row("PATCH", "/api/v1/guard/lexicons/{id}/entries/{entryId}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/lexicons/" + w.aLexicon() + "/entries/" + w.aLexiconEntry(),
          w -> Map.of("term", "hacked")),
      row("DELETE", "/api/v1/guard/lexicons/{id}/entries/{entryId}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/lexicons/" + w.aLexicon() + "/entries/" + w.aLexiconEntry()),
      row("POST", "/api/v1/guard/lexicons/{id}/import", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/lexicons/" + w.aLexicon() + "/import?mode=replace"),
      row("GET", "/api/v1/guard/lexicons/{id}/export", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/lexicons/" + w.aLexicon() + "/export?format=csv"),
      row("GET", "/api/v1/guard/lexicons/{id}/versions", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/lexicons/" + w.aLexicon() + "/versions"),
      row("POST", "/api/v1/guard/lexicons/{id}/versions/{version}/restore", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/lexicons/" + w.aLexicon() + "/versions/1/restore"),
      row("GET", "/api/v1/guard/risk-types", Kind.PLATFORM, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/risk-types"),
      // Custom sensitive-data rules and clear-text roles belong to one tenant.
      row("GET", "/api/v1/guard/pii-rules", Kind.LIST, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/pii-rules"),
      row("POST", "/api/v1/guard/pii-rules", Kind.TENANT, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/pii-rules",
          w -> Map.of("name", unique("leak"), "kind", "literal", "pattern", "leak", "tenant_id", w.a().orgId())),
      row("GET", "/api/v1/guard/pii-rules/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/pii-rules/" + w.aPiiRule()),
      row("PATCH", "/api/v1/guard/pii-rules/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/pii-rules/" + w.aPiiRule(), w -> Map.of("enabled", false)),
      row("DELETE", "/api/v1/guard/pii-rules/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/pii-rules/" + w.aPiiRule()),
      row("POST", "/api/v1/guard/pii-rules/try", Kind.LIST, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/pii-rules/try", w -> Map.of("kind", "literal", "pattern", "x", "text", "x")),
      row("GET", "/api/v1/guard/clear-text-roles", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/clear-text-roles?tenant_id=" + w.a().orgId()),
      row("PUT", "/api/v1/guard/clear-text-roles", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/clear-text-roles", w -> Map.of("tenant_id", w.a().orgId(), "roles", List.of("developer"))),
      // Guard policies and canned answers: a tenant's own plus the platform's (read-only for tenants).
      row("GET", "/api/v1/guard/policies", Kind.LIST, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/policies"),
      row("GET", "/api/v1/guard/policies/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/policies/" + w.aPolicy()),
      row("POST", "/api/v1/guard/policies", Kind.TENANT, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/policies",
          w -> Map.of("tenant_id", w.a().orgId(), "code", unique("leak"), "name", "x", "action", "allow")),
      row("PATCH", "/api/v1/guard/policies/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/policies/" + w.aPolicy(), w -> Map.of("enabled", false)),
      row("DELETE", "/api/v1/guard/policies/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/policies/" + w.aPolicy()),
      row("POST", "/api/v1/guard/policies/reorder", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/policies/reorder", w -> Map.of("ids", List.of(w.aPolicy()))),
      row("GET", "/api/v1/guard/answers", Kind.LIST, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/answers"),
      row("GET", "/api/v1/guard/answers/export", Kind.LIST, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/answers/export"),
      row("GET", "/api/v1/guard/answers/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/answers/" + w.aAnswer()),
      row("POST", "/api/v1/guard/answers", Kind.TENANT, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/answers",
          w -> Map.of("tenant_id", w.a().orgId(), "question", "leak?", "answer", "x")),
      row("PATCH", "/api/v1/guard/answers/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/answers/" + w.aAnswer(), w -> Map.of("answer", "hacked")),
      row("DELETE", "/api/v1/guard/answers/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/answers/" + w.aAnswer()),
      row("POST", "/api/v1/guard/answers/import", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/answers/import?tenant_id=" + w.a().orgId()),
      // The check: API keys and users of B naming A's app get 404; the console's explain is for managers only.
      row("POST", "/api/v1/guard/check", Kind.TENANT_KEY, Permissions.GUARD_CHECK, w -> "/api/v1/guard/check",
          w -> Map.of("text", "你好", "app", w.aApp())),
      row("POST", "/api/v1/guard/check/explain", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/check/explain", w -> Map.of("text", "你好", "app", w.aApp())),
      // Guard events and what derives from them: readable with guard:manage (or audit:read), tenant-confined.
      row("GET", "/api/v1/guard/events", Kind.LIST, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/events"),
      row("GET", "/api/v1/guard/events/export", Kind.LIST, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/events/export"),
      row("GET", "/api/v1/guard/events/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/events/" + guard.event()),
      row("GET", "/api/v1/guard/stats", Kind.LIST, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/stats"),
      row("GET", "/api/v1/guard/stats/top", Kind.LIST, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/stats/top"),
      row("GET", "/api/v1/guard/users/{userId}/risk-profile", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/users/" + w.a().devId() + "/risk-profile"),
      row("GET", "/api/v1/guard/alert-rules", Kind.LIST, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/alert-rules"),
      row("POST", "/api/v1/guard/alert-rules", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/alert-rules", w -> Map.of("tenant_id", w.a().orgId(), "name", "leak",
              "match_action", "block", "subject", "user", "threshold", 1, "window_minutes", 1,
              "response", "block", "block_minutes", 60)),
      row("GET", "/api/v1/guard/alert-rules/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/alert-rules/" + guard.rule()),
      row("PATCH", "/api/v1/guard/alert-rules/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/alert-rules/" + guard.rule(), w -> Map.of("enabled", false)),
      row("DELETE", "/api/v1/guard/alert-rules/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/alert-rules/" + guard.rule()),
      row("GET", "/api/v1/guard/alerts", Kind.LIST, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/alerts"),
      row("POST", "/api/v1/guard/alerts/{id}/acknowledge", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/alerts/" + guard.alert() + "/acknowledge"),
      row("GET", "/api/v1/guard/blocks", Kind.LIST, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/blocks"),
      row("DELETE", "/api/v1/guard/blocks/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/blocks/" + guard.block()),
      // Evaluation jobs belong to the tenant of their creator; creating one references nothing of another tenant.
      row("GET", "/api/v1/guard/evaluations", Kind.LIST, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/evaluations"),
      row("POST", "/api/v1/guard/evaluations", Kind.LIST, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/evaluations"),
      row("GET", "/api/v1/guard/evaluations/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/evaluations/" + guard.evaluation()),
      row("POST", "/api/v1/guard/evaluations/{id}/cancel", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/evaluations/" + guard.evaluation() + "/cancel"),
      row("GET", "/api/v1/guard/evaluations/{id}/report", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/evaluations/" + guard.evaluation() + "/report"),

      // Knowledge dictionaries and trees belong to one tenant; API keys (kb:read is for retrieval) do not browse them.
      row("GET", "/api/v1/knowledge-dictionaries", Kind.LIST, Permissions.KB_READ,
          w -> "/api/v1/knowledge-dictionaries"),
      row("POST", "/api/v1/knowledge-dictionaries", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-dictionaries", w -> Map.of("name", "leak", "tenant_id", w.a().orgId())),
      row("POST", "/api/v1/knowledge-dictionaries/starter", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-dictionaries/starter", w -> Map.of("tenant_id", w.a().orgId())),
      row("GET", "/api/v1/knowledge-dictionaries/{id}", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-dictionaries/" + kbGraph.dictionary()),
      row("PUT", "/api/v1/knowledge-dictionaries/{id}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-dictionaries/" + kbGraph.dictionary(), w -> Map.of("name", "hacked")),
      row("DELETE", "/api/v1/knowledge-dictionaries/{id}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-dictionaries/" + kbGraph.dictionary()),
      row("GET", "/api/v1/knowledge-dictionaries/{id}/entries", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-dictionaries/" + kbGraph.dictionary() + "/entries"),
      row("POST", "/api/v1/knowledge-dictionaries/{id}/entries", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-dictionaries/" + kbGraph.dictionary() + "/entries",
          w -> Map.of("term", "leak", "kind", "term")),
      row("PUT", "/api/v1/knowledge-dictionaries/{id}/entries/{entryId}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-dictionaries/" + kbGraph.dictionary() + "/entries/" + kbGraph.entry(),
          w -> Map.of("term", "hacked", "kind", "term")),
      row("DELETE", "/api/v1/knowledge-dictionaries/{id}/entries/{entryId}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-dictionaries/" + kbGraph.dictionary() + "/entries/" + kbGraph.entry()),
      row("POST", "/api/v1/knowledge-dictionaries/{id}/import", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-dictionaries/" + kbGraph.dictionary() + "/import?mode=replace"),
      row("GET", "/api/v1/knowledge-dictionaries/{id}/export", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-dictionaries/" + kbGraph.dictionary() + "/export?format=csv"),
      row("GET", "/api/v1/knowledge-bases/{id}/dictionaries", Kind.TENANT_KEY, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + kbGraph.kb() + "/dictionaries"),
      row("PUT", "/api/v1/knowledge-bases/{id}/dictionaries", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + kbGraph.kb() + "/dictionaries", w -> Map.of("dictionary_ids", List.of())),
      // Knowledge trees: created in the caller's own tenant.
      row("GET", "/api/v1/knowledge-trees", Kind.LIST, Permissions.KB_READ, w -> "/api/v1/knowledge-trees"),
      row("POST", "/api/v1/knowledge-trees", Kind.LIST, Permissions.KB_WRITE, w -> "/api/v1/knowledge-trees",
          w -> Map.of("name", "leak")),
      row("GET", "/api/v1/knowledge-trees/{id}", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-trees/" + kbGraph.tree()),
      row("PUT", "/api/v1/knowledge-trees/{id}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-trees/" + kbGraph.tree(), w -> Map.of("name", "hacked")),
      row("DELETE", "/api/v1/knowledge-trees/{id}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-trees/" + kbGraph.tree()),
      row("POST", "/api/v1/knowledge-trees/{id}/nodes", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-trees/" + kbGraph.tree() + "/nodes", w -> Map.of("name", "leak")),
      row("PUT", "/api/v1/knowledge-trees/{id}/nodes/{nodeId}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-trees/" + kbGraph.tree() + "/nodes/" + kbGraph.node(),
          w -> Map.of("name", "hacked")),
      row("DELETE", "/api/v1/knowledge-trees/{id}/nodes/{nodeId}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-trees/" + kbGraph.tree() + "/nodes/" + kbGraph.node()),
      row("POST", "/api/v1/knowledge-trees/{id}/import", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-trees/" + kbGraph.tree() + "/import"),
      row("GET", "/api/v1/knowledge-trees/{id}/export", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-trees/" + kbGraph.tree() + "/export?format=yaml"),
      row("GET", "/api/v1/knowledge-trees/{id}/health", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-trees/" + kbGraph.tree() + "/health"),
      // The knowledge graph of a base: readable (and queryable) by API keys of the base's readers.
      row("GET", "/api/v1/knowledge-bases/{id}/graph/ontology", Kind.TENANT_KEY, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + kbGraph.kb() + "/graph/ontology"),
      row("PUT", "/api/v1/knowledge-bases/{id}/graph/ontology", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + kbGraph.kb() + "/graph/ontology",
          w -> Map.of("entity_types", List.of(), "relation_types", List.of())),
      row("GET", "/api/v1/knowledge-bases/{id}/graph/entities", Kind.TENANT_KEY, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + kbGraph.kb() + "/graph/entities"),
      row("POST", "/api/v1/knowledge-bases/{id}/graph/entities", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + kbGraph.kb() + "/graph/entities",
          w -> Map.of("name", "leak", "type", "organization")),
      row("DELETE", "/api/v1/knowledge-bases/{id}/graph/entities/{entityId}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + kbGraph.kb() + "/graph/entities/" + kbGraph.entity()),
      row("GET", "/api/v1/knowledge-bases/{id}/graph/relations", Kind.TENANT_KEY, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + kbGraph.kb() + "/graph/relations"),
      row("POST", "/api/v1/knowledge-bases/{id}/graph/relations", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + kbGraph.kb() + "/graph/relations",
          w -> Map.of("from_id", kbGraph.entity(), "type", "issued_by", "to_id", kbGraph.entity())),
      row("DELETE", "/api/v1/knowledge-bases/{id}/graph/relations/{relationId}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + kbGraph.kb() + "/graph/relations/" + kbGraph.relation()),
      row("POST", "/api/v1/knowledge-bases/{id}/graph/extract", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + kbGraph.kb() + "/graph/extract", w -> Map.of()),
      row("POST", "/api/v1/knowledge-bases/{id}/graph/query", Kind.TENANT_KEY, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + kbGraph.kb() + "/graph/query", w -> Map.of("from", kbGraph.entity())),
      row("POST", "/api/v1/knowledge-bases/{id}/graph/import", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + kbGraph.kb() + "/graph/import"),
      row("GET", "/api/v1/knowledge-bases/{id}/graph/export", Kind.TENANT_KEY, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + kbGraph.kb() + "/graph/export"),

      // Reverse-proxy routes belong to one tenant.
      row("GET", "/api/v1/guard/proxy-routes", Kind.LIST, Permissions.GUARD_MANAGE, w -> "/api/v1/guard/proxy-routes"),
      row("GET", "/api/v1/guard/proxy-routes/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/proxy-routes/" + w.aProxyRoute()),
      row("POST", "/api/v1/guard/proxy-routes", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/proxy-routes", w -> Map.of("code", unique("leak"), "name", "x",
              "upstream_url", "http://127.0.0.1:9", "path_prefix", "/" + unique("leak"), "tenant_id", w.a().orgId())),
      row("PATCH", "/api/v1/guard/proxy-routes/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/proxy-routes/" + w.aProxyRoute(), w -> Map.of("enabled", false)),
      row("DELETE", "/api/v1/guard/proxy-routes/{id}", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/proxy-routes/" + w.aProxyRoute()),
      row("POST", "/api/v1/guard/proxy-routes/{id}/test", Kind.TENANT, Permissions.GUARD_MANAGE,
          w -> "/api/v1/guard/proxy-routes/" + w.aProxyRoute() + "/test", w -> Map.of("body", "{}")),

      // Agent runs (io.jingzhi.agent.run): keys run apps and read their own runs, so B's keys get 404 like B's users;
      // debugging and stats are for the app's editors (keys get 403 user_only).
      row("POST", "/api/v1/apps/{code}/run", Kind.TENANT_KEY, Permissions.AGENT_INVOKE,
          w -> "/api/v1/apps/" + agentRuns.app() + "/run", w -> Map.of("query", "泄露?")),
      row("POST", "/api/v1/apps/{code}/debug", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agentRuns.app() + "/debug", w -> Map.of("query", "泄露?")),
      row("GET", "/api/v1/apps/{code}/runs", Kind.TENANT_KEY, Permissions.AGENT_READ,
          w -> "/api/v1/apps/" + agentRuns.app() + "/runs"),
      row("GET", "/api/v1/apps/{code}/stats", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agentRuns.app() + "/stats"),
      row("GET", "/api/v1/apps/{code}/conversations", Kind.TENANT_KEY, Permissions.AGENT_READ,
          w -> "/api/v1/apps/" + agentRuns.app() + "/conversations"),
      row("GET", "/api/v1/conversations/{id}", Kind.TENANT_KEY, Permissions.AGENT_READ,
          w -> "/api/v1/conversations/" + agentRuns.conversation()),
      row("GET", "/api/v1/runs/{id}", Kind.TENANT_KEY, Permissions.AGENT_READ, w -> "/api/v1/runs/" + agentRuns.run()),
      row("POST", "/api/v1/runs/{id}/rerun", Kind.TENANT_KEY, Permissions.AGENT_INVOKE,
          w -> "/api/v1/runs/" + agentRuns.run() + "/rerun"),
      row("POST", "/api/v1/runs/{id}/cancel", Kind.TENANT_KEY, Permissions.AGENT_INVOKE,
          w -> "/api/v1/runs/" + agentRuns.run() + "/cancel"),
      row("POST", "/api/v1/runs/{id}/input", Kind.TENANT_KEY, Permissions.AGENT_INVOKE,
          w -> "/api/v1/runs/" + agentRuns.run() + "/input", w -> Map.of("values", Map.of("ok", "是"))),

      // Knowledge bases belong to a project's tenant; managing them is for users (API keys get 403 user_only),
      // retrieval is open to API keys too (B's keys get 404 on A's base).
      row("GET", "/api/v1/knowledge-bases", Kind.LIST, Permissions.KB_READ, w -> "/api/v1/knowledge-bases"),
      row("POST", "/api/v1/knowledge-bases", Kind.TENANT, Permissions.KB_WRITE, w -> "/api/v1/knowledge-bases",
          w -> Map.of("name", "leak", "project", knowledge.projectCode())),
      row("GET", "/api/v1/knowledge-bases/{id}", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb()),
      row("PUT", "/api/v1/knowledge-bases/{id}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb(), w -> Map.of("name", "hacked")),
      row("DELETE", "/api/v1/knowledge-bases/{id}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb()),
      row("POST", "/api/v1/knowledge-bases/{kbId}/rebuild", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/rebuild"),
      row("POST", "/api/v1/knowledge-bases/{kbId}/documents", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/documents"),
      row("POST", "/api/v1/knowledge-bases/{kbId}/imports", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/imports",
          w -> Map.of("kind", "url", "url", "http://127.0.0.1:9/leak.html")),
      row("GET", "/api/v1/knowledge-bases/{kbId}/documents", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/documents"),
      row("GET", "/api/v1/knowledge-bases/{kbId}/documents/{docId}", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/documents/" + knowledge.doc()),
      row("PATCH", "/api/v1/knowledge-bases/{kbId}/documents/{docId}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/documents/" + knowledge.doc(),
          w -> Map.of("title", "hacked")),
      row("DELETE", "/api/v1/knowledge-bases/{kbId}/documents/{docId}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/documents/" + knowledge.doc()),
      row("GET", "/api/v1/knowledge-bases/{kbId}/documents/{docId}/quality", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/documents/" + knowledge.doc() + "/quality"),
      row("GET", "/api/v1/knowledge-bases/{kbId}/documents/{docId}/preview", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/documents/" + knowledge.doc() + "/preview"),
      row("GET", "/api/v1/knowledge-bases/{kbId}/documents/{docId}/original", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/documents/" + knowledge.doc() + "/original"),
      row("POST", "/api/v1/knowledge-bases/{kbId}/documents/{docId}/reprocess", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/documents/" + knowledge.doc() + "/reprocess"),
      row("GET", "/api/v1/knowledge-bases/{kbId}/jobs", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/jobs"),
      row("GET", "/api/v1/knowledge-jobs/{jobId}", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-jobs/" + knowledge.job()),
      row("POST", "/api/v1/knowledge-jobs/{jobId}/pause", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-jobs/" + knowledge.job() + "/pause"),
      row("POST", "/api/v1/knowledge-jobs/{jobId}/resume", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-jobs/" + knowledge.job() + "/resume"),
      row("POST", "/api/v1/knowledge-jobs/{jobId}/cancel", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-jobs/" + knowledge.job() + "/cancel"),
      row("POST", "/api/v1/knowledge-jobs/{jobId}/retry", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-jobs/" + knowledge.job() + "/retry"),
      row("GET", "/api/v1/knowledge-bases/{kbId}/chunks", Kind.TENANT, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/chunks"),
      row("PATCH", "/api/v1/knowledge-bases/{kbId}/chunks/{chunkId}", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/chunks/" + knowledge.chunk(),
          w -> Map.of("enabled", false)),
      row("POST", "/api/v1/knowledge-bases/{kbId}/retrieve", Kind.TENANT_KEY, Permissions.KB_READ,
          w -> "/api/v1/knowledge-bases/" + knowledge.kb() + "/retrieve", w -> Map.of("query", "补贴")),
      row("POST", "/api/v1/knowledge-search", Kind.TENANT, Permissions.KB_READ, w -> "/api/v1/knowledge-search",
          w -> Map.of("query", "补贴", "kb_ids", List.of(knowledge.kb()))),
      row("GET", "/api/v1/knowledge-search/rankings", Kind.LIST, Permissions.KB_READ,
          w -> "/api/v1/knowledge-search/rankings"),
      row("GET", "/api/v1/knowledge-search/zombies", Kind.TENANT, Permissions.KB_WRITE,
          w -> "/api/v1/knowledge-search/zombies?kb_id=" + knowledge.kb()),
      row("GET", "/api/v1/apps/{code}/interventions/qa", Kind.TENANT, Permissions.AGENT_READ,
          w -> "/api/v1/apps/" + agent.app() + "/interventions/qa"),
      row("POST", "/api/v1/apps/{code}/interventions/qa", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agent.app() + "/interventions/qa", w -> Map.of("question", "乙问", "answer", "乙答")),
      row("PATCH", "/api/v1/apps/{code}/interventions/qa/{id}", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agent.app() + "/interventions/qa/" + agent.qa(), w -> Map.of("answer", "hacked")),
      row("DELETE", "/api/v1/apps/{code}/interventions/qa/{id}", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agent.app() + "/interventions/qa/" + agent.qa()),
      row("POST", "/api/v1/apps/{code}/interventions/qa/import", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agent.app() + "/interventions/qa/import"),
      row("GET", "/api/v1/apps/{code}/interventions/rules", Kind.TENANT, Permissions.AGENT_READ,
          w -> "/api/v1/apps/" + agent.app() + "/interventions/rules"),
      row("POST", "/api/v1/apps/{code}/interventions/rules", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agent.app() + "/interventions/rules",
          w -> Map.of("name", "乙", "pattern", "乙", "reply", "乙")),
      row("PATCH", "/api/v1/apps/{code}/interventions/rules/{id}", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agent.app() + "/interventions/rules/" + agent.rule(), w -> Map.of("reply", "hacked")),
      row("DELETE", "/api/v1/apps/{code}/interventions/rules/{id}", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agent.app() + "/interventions/rules/" + agent.rule()),
      row("GET", "/api/v1/apps/{code}/interventions/settings", Kind.TENANT, Permissions.AGENT_READ,
          w -> "/api/v1/apps/" + agent.app() + "/interventions/settings"),
      row("PUT", "/api/v1/apps/{code}/interventions/settings", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agent.app() + "/interventions/settings", w -> Map.of("enabled", false)),
      row("POST", "/api/v1/runs/{runId}/feedback", Kind.TENANT_KEY, Permissions.AGENT_INVOKE,
          w -> "/api/v1/runs/" + agent.run() + "/feedback", w -> Map.of("rating", "down")),
      row("GET", "/api/v1/apps/{code}/feedback", Kind.TENANT, Permissions.AGENT_READ,
          w -> "/api/v1/apps/" + agent.app() + "/feedback"),
      row("POST", "/api/v1/apps/{code}/feedback/{id}/adopt", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agent.app() + "/feedback/" + agent.feedback() + "/adopt",
          w -> Map.of("answer", "hacked")),

      // Database connections belong to a project's tenant; only signed-in users manage or query them.
      row("GET", "/api/v1/db-connections", Kind.LIST, Permissions.AGENT_READ, w -> "/api/v1/db-connections"),
      row("POST", "/api/v1/db-connections", Kind.TENANT, Permissions.AGENT_WRITE, w -> "/api/v1/db-connections",
          w -> Map.of("name", "leak", "project", knowledge.projectCode(), "kind", "postgresql",
              "url", "jdbc:postgresql://127.0.0.1:9/x")),
      row("GET", "/api/v1/db-connections/{id}", Kind.TENANT, Permissions.AGENT_READ,
          w -> "/api/v1/db-connections/" + dbConnection),
      row("PATCH", "/api/v1/db-connections/{id}", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/db-connections/" + dbConnection, w -> Map.of("name", "hacked")),
      row("DELETE", "/api/v1/db-connections/{id}", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/db-connections/" + dbConnection),
      row("POST", "/api/v1/db-connections/{id}/test", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/db-connections/" + dbConnection + "/test"),
      row("GET", "/api/v1/db-connections/{id}/schema", Kind.TENANT, Permissions.AGENT_READ,
          w -> "/api/v1/db-connections/" + dbConnection + "/schema"),
      row("POST", "/api/v1/db-connections/{id}/query", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/db-connections/" + dbConnection + "/query", w -> Map.of("sql", "select 1")),

      // MCP servers belong to a project's tenant (the platform's own jingzhi-tools is global); managing and
      // debugging them is for users. The component catalog lists only what the caller may use.
      row("GET", "/api/v1/mcp-servers", Kind.LIST, Permissions.AGENT_READ, w -> "/api/v1/mcp-servers"),
      row("POST", "/api/v1/mcp-servers", Kind.TENANT, Permissions.AGENT_WRITE, w -> "/api/v1/mcp-servers",
          w -> Map.of("name", unique("leak"), "project", knowledge.projectCode(), "transport", "streamable_http",
              "url", "http://127.0.0.1:9/mcp")),
      row("GET", "/api/v1/mcp-servers/{id}", Kind.TENANT, Permissions.AGENT_READ,
          w -> "/api/v1/mcp-servers/" + mcpServer),
      row("PATCH", "/api/v1/mcp-servers/{id}", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/mcp-servers/" + mcpServer, w -> Map.of("name", "hacked")),
      row("DELETE", "/api/v1/mcp-servers/{id}", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/mcp-servers/" + mcpServer),
      row("POST", "/api/v1/mcp-servers/{id}/refresh", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/mcp-servers/" + mcpServer + "/refresh"),
      row("GET", "/api/v1/mcp-servers/{id}/tools", Kind.TENANT, Permissions.AGENT_READ,
          w -> "/api/v1/mcp-servers/" + mcpServer + "/tools"),
      row("GET", "/api/v1/mcp-servers/{id}/versions", Kind.TENANT, Permissions.AGENT_READ,
          w -> "/api/v1/mcp-servers/" + mcpServer + "/versions"),
      row("POST", "/api/v1/mcp-servers/{id}/tools/{tool}/debug", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/mcp-servers/" + mcpServer + "/tools/echo/debug", w -> Map.of("arguments", Map.of())),
      row("GET", "/api/v1/components", Kind.LIST, Permissions.AGENT_READ, w -> "/api/v1/components"),

      // Agent apps belong to their project's tenant; API keys list the apps their grant names and otherwise only run.
      row("GET", "/api/v1/apps", Kind.LIST_KEY, Permissions.AGENT_READ, w -> "/api/v1/apps"),
      row("POST", "/api/v1/apps", Kind.TENANT, Permissions.AGENT_WRITE, w -> "/api/v1/apps",
          w -> Map.of("code", unique("leak"), "name", "x", "type", "workflow", "project", agentApps.projectCode())),
      row("POST", "/api/v1/apps/draft", Kind.TENANT, Permissions.AGENT_WRITE, w -> "/api/v1/apps/draft",
          w -> Map.of("description", "leak", "model", "any-chat", "project", agentApps.projectCode())),
      row("POST", "/api/v1/apps/import", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/import?project=" + agentApps.projectCode()),
      row("GET", "/api/v1/apps/{code}", Kind.TENANT, Permissions.AGENT_READ, w -> "/api/v1/apps/" + agentApps.app()),
      row("PATCH", "/api/v1/apps/{code}", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agentApps.app(), w -> Map.of("name", "hacked")),
      row("DELETE", "/api/v1/apps/{code}", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agentApps.app()),
      row("GET", "/api/v1/apps/{code}/draft", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agentApps.app() + "/draft"),
      row("PUT", "/api/v1/apps/{code}/draft", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agentApps.app() + "/draft", w -> Map.of("definition", Map.of("nodes", List.of()))),
      row("POST", "/api/v1/apps/{code}/validate", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agentApps.app() + "/validate", w -> Map.of("definition", Map.of())),
      row("POST", "/api/v1/apps/{code}/publish", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agentApps.app() + "/publish", w -> Map.of("note", "leak")),
      row("GET", "/api/v1/apps/{code}/versions", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agentApps.app() + "/versions"),
      row("GET", "/api/v1/apps/{code}/versions/{version}", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agentApps.app() + "/versions/1"),
      row("POST", "/api/v1/apps/{code}/versions/{version}/restore", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agentApps.app() + "/versions/1/restore"),
      row("PUT", "/api/v1/apps/{code}/favourite", Kind.TENANT, Permissions.AGENT_READ,
          w -> "/api/v1/apps/" + agentApps.app() + "/favourite"),
      row("DELETE", "/api/v1/apps/{code}/favourite", Kind.TENANT, Permissions.AGENT_READ,
          w -> "/api/v1/apps/" + agentApps.app() + "/favourite"),
      row("POST", "/api/v1/apps/{code}/copy", Kind.TENANT, Permissions.AGENT_READ,
          w -> "/api/v1/apps/" + agentApps.app() + "/copy",
          w -> Map.of("code", unique("leak"), "project", agentApps.projectCode())),
      row("GET", "/api/v1/apps/{code}/export", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agentApps.app() + "/export"),
      row("GET", "/api/v1/apps/{code}/keys", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agentApps.app() + "/keys"),
      row("POST", "/api/v1/apps/{code}/keys", Kind.TENANT, Permissions.AGENT_WRITE,
          w -> "/api/v1/apps/" + agentApps.app() + "/keys", w -> Map.of("name", "leak")));

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  // Built once per class (the context and its database live as long): logins hash passwords and are slow.
  private static World shared;
  private static int sharedPort;

  private World w;

  @BeforeEach
  void world() {
    if (shared == null || sharedPort != port) {
      shared = buildWorld();
      sharedPort = port;
    }
    w = shared;
  }

  private World buildWorld() {
    Tenant a = fx.tenant("iso-a");
    Tenant b = fx.tenant("iso-b");
    String aAdmin = fx.login(a.adminName());
    String aDev = fx.login(a.devName());
    long aSub = fx.createOrg(aAdmin, unique("a-sub"), "甲处", a.orgId(), false);
    long aEmpty = fx.createOrg(aAdmin, unique("a-empty"), "甲空处", a.orgId(), false);
    long aGroup = api.post("/api/v1/groups", aAdmin, map("name", "甲组", "org_id", a.orgId())).id();
    api.put("/api/v1/groups/" + aGroup + "/members", aAdmin, map("user_ids", List.of(a.devId())));
    long aProject = api.post("/api/v1/projects", aAdmin, map("code", unique("a-proj"), "name", "甲项目",
        "org_id", a.orgId())).id();
    long aApp = api.post("/api/v1/projects/" + aProject + "/apps", aDev, map("code", unique("a-app"),
        "name", "甲应用")).id();
    long aKey = api.post("/api/v1/projects/" + aProject + "/apps/" + aApp + "/keys", aDev, map("name", "k")).id();

    String bAdmin = fx.login(b.adminName());
    String bDev = fx.login(b.devName());
    long bGroup = api.post("/api/v1/groups", bAdmin, map("name", "乙组", "org_id", b.orgId())).id();
    long bProject = api.post("/api/v1/projects", bAdmin, map("code", unique("b-proj"), "name", "乙项目",
        "org_id", b.orgId())).id();
    long bApp = api.post("/api/v1/projects/" + bProject + "/apps", bDev, map("code", unique("b-app"),
        "name", "乙应用")).id();
    String keysPath = "/api/v1/projects/" + bProject + "/apps/" + bApp + "/keys";
    String bKey = api.post(keysPath, bDev, map("name", "live")).text("key");
    var revoked = api.post(keysPath, bDev, map("name", "revoked"));
    api.post("/api/v1/api-keys/" + revoked.id() + "/revoke", bDev, null);
    var expiring = api.post(keysPath, bDev, map("name", "expiring",
        "expires_at", Instant.now().plusSeconds(3600).toString()));
    // Never used yet, so not cached: move its expiry into the past as time passing would.
    jdbc.sql("update iam_api_keys set expires_at = :t where id = :id")
        .param("t", java.time.OffsetDateTime.now().minusMinutes(1)).param("id", expiring.id()).update();
    // A run of tenant A, stored as finished: the matrix addresses it without running anything.
    long aBenchmark = jdbc.sql("""
        insert into gw_benchmarks (name, model, mode, status, progress, config, tenant_id, created_by, created_at)
        values ('甲压测', 'any-chat', 'concurrency', 'succeeded', 1,
          '{"model":"any-chat","mode":"concurrency","concurrency":1,"requests":1}', :tenant, :user, :now)""")
        .param("tenant", a.orgId()).param("user", a.devId()).param("now", java.time.OffsetDateTime.now())
        .update() == 1 ? jdbc.sql("select max(id) from gw_benchmarks").query(Long.class).single() : -1;
    long aLexicon = api.post("/api/v1/guard/lexicons", aAdmin, map("name", "甲词库")).id();
    long aLexiconEntry = api.post("/api/v1/guard/lexicons/" + aLexicon + "/entries", aAdmin,
        map("term", "甲专用词", "risk_type", "A.1.8")).id();
    long aPiiRule = api.post("/api/v1/guard/pii-rules", aAdmin, map("name", "甲工号", "kind", "regex",
        "pattern", "JZ-\\d{6}")).id();
    long aPolicy = api.post("/api/v1/guard/policies", aAdmin, map("code", unique("a-policy"), "name", "甲策略",
        "action", "block", "priority", 500, "conditions", Map.of("terms", List.of("甲禁词")))).id();
    long aAnswer = api.post("/api/v1/guard/answers", aAdmin, map("question", "甲问题", "answer", "甲答案")).id();
    guard = guardWorld(a);
    knowledge = knowledgeWorld(a, aProject);
    agent = agentWorld(a, aDev, aProject);
    mcpServer = mcpServerOf(a, aProject);
    kbGraph = kbGraphWorld(aAdmin, aProject);
    dbConnection = dbConnectionWorld(a, aProject);
    agentRuns = agentRunWorld(a, aDev, aProject);
    agentApps = agentAppWorld(aDev, aProject);
    long aProxyRoute = api.post("/api/v1/guard/proxy-routes", aAdmin, map("code", unique("a-route"),
        "name", "甲代理", "upstream_url", "http://127.0.0.1:9", "path_prefix", "/" + unique("a"))).id();
    return new World(a, b, aSub, aEmpty, aGroup, aProject, aApp, aKey, bGroup, bProject, bApp, bKey,
        revoked.text("key"), expiring.text("key"), bAdmin, bDev, aAdmin, aBenchmark, aLexicon, aLexiconEntry,
        aPiiRule, aPolicy, aAnswer, aProxyRoute);
  }

  private AgentWorld agentWorld(Tenant a, String aDev, long project) {
    String app = unique("a-agent");
    long appId = io.jingzhi.server.support.AgentRows.app(jdbc, app, project, a.orgId(), a.devId());
    long run = io.jingzhi.server.support.AgentRows.run(jdbc, appId, app, a.orgId(), a.devId(), "甲问",
        "甲答");
    String base = "/api/v1/apps/" + app;
    long qa = api.post(base + "/interventions/qa", aDev, map("question", "甲问题", "answer", "甲答案")).id();
    long rule = api.post(base + "/interventions/rules", aDev, map("name", "甲规则", "pattern", "甲", "reply", "甲回复"))
        .id();
    long feedback = api.post("/api/v1/runs/" + run + "/feedback", aDev, map("rating", "down",
        "corrected_answer", "甲更正")).id();
    return new AgentWorld(app, qa, rule, run, feedback);
  }

  /** The app through the apps API; its run and conversation stored directly (no engine has to run). */
  private AgentRunWorld agentRunWorld(Tenant a, String aDev, long project) {
    String projectCode = jdbc.sql("select code from iam_projects where id = :id").param("id", project)
        .query(String.class).single();
    String app = unique("a-agent");
    var created = api.post("/api/v1/apps", aDev, map("code", app, "name", "甲智能体", "type", "workflow",
        "project", projectCode));
    assertThat(created.status()).as("agent app of A: %s", created).isEqualTo(201);
    var now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
    String conversation = java.util.UUID.randomUUID().toString();
    jdbc.sql("""
        insert into agent_conversations (id, app_id, app_code, tenant_id, user_id, title, variables, created_at,
          updated_at)
        values (:id, 0, :app, :t, :u, '甲会话', '{}', :now, :now)""")
        .param("id", conversation).param("app", app).param("t", a.orgId()).param("u", a.devId()).param("now", now)
        .update();
    jdbc.sql("""
        insert into agent_runs (app_id, app_code, version, tenant_id, project_id, user_id, source, conversation_id,
          status, inputs, query, created_at, waiting_node, form, state)
        values (0, :app, 0, :t, :p, :u, 'portal', :c, 'waiting', '{}', '甲的问题', :now, 'ask',
          '{"fields":[{"name":"ok","type":"string"}]}', '{}')""")
        .param("app", app).param("t", a.orgId()).param("p", project).param("u", a.devId()).param("c", conversation)
        .param("now", now).update();
    long run = jdbc.sql("select max(id) from agent_runs").query(Long.class).single();
    return new AgentRunWorld(app, run, conversation);
  }

  private KnowledgeWorld knowledgeWorld(Tenant a, long project) {
    var now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
    String code = jdbc.sql("select code from iam_projects where id = :p").param("p", project).query(String.class)
        .single();
    jdbc.sql("""
        insert into kb_bases (code, name, project_id, org_id, tenant_id, sharing, embedding_model,
          embedding_dimension, vectors_model, chunking, retrieval, created_by, created_at, updated_at)
        values (:code, '甲知识库', :p, :t, :t, 'private', 'bge-small-zh-v1.5', 512, 'bge-small-zh-v1.5', '{}',
          '{"mode":"hybrid","top_k":5,"fusion":"rrf","vector_weight":0.5,"context":{"neighbours":0,"parent":false}}',
          :u, :now, :now)""")
        .param("code", unique("a-kb")).param("p", project).param("t", a.orgId()).param("u", a.devId())
        .param("now", now).update();
    long kb = jdbc.sql("select max(id) from kb_bases").query(Long.class).single();
    jdbc.sql("""
        insert into kb_documents (kb_id, tenant_id, filename, size_bytes, content_hash, source, status, chunk_count,
          metadata, quality, created_by, created_at, updated_at)
        values (:kb, :t, '甲文件.txt', 6, 'abc', 'upload', 'ready', 1, '{}', '{"score":100}', :u, :now, :now)""")
        .param("kb", kb).param("t", a.orgId()).param("u", a.devId()).param("now", now).update();
    long doc = jdbc.sql("select max(id) from kb_documents").query(Long.class).single();
    jdbc.sql("""
        insert into kb_chunks (kb_id, document_id, tenant_id, ordinal, text, heading_path, metadata, char_count)
        values (:kb, :d, :t, 0, '甲的知识', '[]', '{}', 4)""")
        .param("kb", kb).param("d", doc).param("t", a.orgId()).update();
    long chunk = jdbc.sql("select max(id) from kb_chunks").query(Long.class).single();
    jdbc.sql("""
        insert into kb_jobs (kb_id, tenant_id, kind, state, total, done, created_by, created_at)
        values (:kb, :t, 'upload', 'paused', 1, 0, :u, :now)""")
        .param("kb", kb).param("t", a.orgId()).param("u", a.devId()).param("now", now).update();
    long job = jdbc.sql("select max(id) from kb_jobs").query(Long.class).single();
    return new KnowledgeWorld(code, kb, doc, chunk, job);
  }

  private long dbConnectionWorld(Tenant a, long project) {
    var now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
    jdbc.sql("""
        insert into agent_db_connections (name, project_id, org_id, tenant_id, kind, url, read_only, created_by,
          created_at, updated_at)
        values ('甲数据库', :p, :t, :t, 'postgresql', 'jdbc:postgresql://127.0.0.1:9/a', true, :u, :now, :now)""")
        .param("p", project).param("t", a.orgId()).param("u", a.devId()).param("now", now).update();
    return jdbc.sql("select max(id) from agent_db_connections").query(Long.class).single();
  }

  private long mcpServerOf(Tenant a, long project) {
    var now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
    jdbc.sql("""
        insert into agent_mcp_servers (name, description, project_id, org_id, tenant_id, transport, url,
          created_by, created_at, updated_at)
        values ('a-tools', '甲工具', :p, :t, :t, 'streamable_http', 'http://127.0.0.1:9/mcp', :u, :now, :now)""")
        .param("p", project).param("t", a.orgId()).param("u", a.devId()).param("now", now).update();
    return jdbc.sql("select max(id) from agent_mcp_servers").query(Long.class).single();
  }

  private KbGraphWorld kbGraphWorld(String aAdmin, long aProject) {
    long dictionary = api.post("/api/v1/knowledge-dictionaries", aAdmin, map("name", "甲词典")).id();
    long entry = api.post("/api/v1/knowledge-dictionaries/" + dictionary + "/entries", aAdmin,
        map("term", "甲简称", "kind", "abbreviation", "targets", List.of("甲全称"))).id();
    long tree = api.post("/api/v1/knowledge-trees", aAdmin, map("name", "甲知识树")).id();
    long node = api.post("/api/v1/knowledge-trees/" + tree + "/nodes", aAdmin, map("name", "甲节点",
        "answer", "甲答案")).id();
    String projectCode = api.get("/api/v1/projects/" + aProject, aAdmin).text("code");
    long kb = api.post("/api/v1/knowledge-bases", aAdmin, map("name", "甲知识库", "project", projectCode,
        "sharing", "private")).id();
    String graph = "/api/v1/knowledge-bases/" + kb + "/graph";
    long doc = api.post(graph + "/entities", aAdmin, map("name", "甲文件", "type", "policy_document")).id();
    long org = api.post(graph + "/entities", aAdmin, map("name", "甲机关", "type", "organization")).id();
    long relation = api.post(graph + "/relations", aAdmin, map("from_id", doc, "type", "issued_by", "to_id", org))
        .id();
    return new KbGraphWorld(dictionary, entry, tree, node, kb, org, relation);
  }

  private AgentAppWorld agentAppWorld(String aDev, long aProject) {
    String projectCode = api.get("/api/v1/projects/" + aProject, aDev).text("code");
    String code = unique("a-agent-app");
    var created = api.post("/api/v1/apps", aDev, map("code", code, "name", "甲智能体", "type", "workflow",
        "project", projectCode));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(api.post("/api/v1/apps/" + code + "/publish", aDev, map("note", "v1")).status()).isEqualTo(200);
    return new AgentAppWorld(projectCode, code);
  }

  private GuardWorld guardWorld(Tenant a) {
    var now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
    String event = java.util.UUID.randomUUID().toString();
    jdbc.sql("""
        insert into guard_events (id, at, hour_utc, tenant_id, user_id, username, channel, direction, action,
          enforced, risk_level, categories, excerpt, latency_us)
        values (:id, :at, :hour, :tenant, :user, :name, 'api', 'input', 'block', true, 'high', 'prompt-attack',
          '甲的提示', 1)""")
        .param("id", event).param("at", now).param("hour", now.truncatedTo(java.time.temporal.ChronoUnit.HOURS))
        .param("tenant", a.orgId()).param("user", a.devId()).param("name", a.devName()).update();
    jdbc.sql("""
        insert into guard_alert_rules (tenant_id, name, enabled, match_action, subject, threshold, window_minutes,
          response, block_minutes, created_at, updated_at)
        values (:tenant, '甲规则', true, 'block', 'user', 5, 10, 'block', 30, :now, :now)""")
        .param("tenant", a.orgId()).param("now", now).update();
    long rule = jdbc.sql("select max(id) from guard_alert_rules").query(Long.class).single();
    jdbc.sql("""
        insert into guard_blocks (tenant_id, subject, subject_value, subject_label, reason, rule_id, created_at,
          expires_at)
        values (:tenant, 'user', :user, 'a-dev', '甲封禁', :rule, :now, :until)""")
        .param("tenant", a.orgId()).param("user", Long.toString(a.devId())).param("rule", rule).param("now", now)
        .param("until", now.plusHours(1)).update();
    long block = jdbc.sql("select max(id) from guard_blocks").query(Long.class).single();
    jdbc.sql("""
        insert into guard_alerts (rule_id, rule_name, tenant_id, subject, subject_value, event_count, window_minutes,
          response, block_id, fired_at)
        values (:rule, '甲规则', :tenant, 'user', :user, 5, 10, 'block', :block, :now)""")
        .param("rule", rule).param("tenant", a.orgId()).param("user", Long.toString(a.devId()))
        .param("block", block).param("now", now).update();
    long alert = jdbc.sql("select max(id) from guard_alerts").query(Long.class).single();
    jdbc.sql("""
        insert into guard_evaluations (tenant_id, name, direction, status, progress, total_rows, processed_rows,
          dataset, created_by, created_at)
        values (:tenant, '甲评测', 'input', 'succeeded', 1, 1, 1, '{"text":"x","should_refuse":false}', :user,
          :now)""")
        .param("tenant", a.orgId()).param("user", a.devId()).param("now", now).update();
    long evaluation = jdbc.sql("select max(id) from guard_evaluations").query(Long.class).single();
    return new GuardWorld(event, rule, alert, block, evaluation);
  }

  private TestApi.Res call(Row row, String token) {
    Object body = row.body().apply(w);
    return api.send(row.method(), row.path().apply(w), token, Map.of(), body == null ? null : "application/json",
        body == null ? null : tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body));
  }

  private static String summary(TestApi.Res res) {
    return res.status() + " " + (res.body().length() > 300 ? res.body().substring(0, 300) : res.body());
  }

  @Test
  void everyEndpointHasARowInTheMatrix() {
    Set<String> mapped = new TreeSet<>();
    mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
        .filter(p -> p.startsWith("/api/"))
        .forEach(p -> info.getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name() + " " + p))));
    Set<String> listed = new TreeSet<>(MATRIX.stream().map(Row::key).toList());
    assertThat(listed).as("rows of the authorization matrix").hasSize(MATRIX.size())
        .containsExactlyInAnyOrderElementsOf(mapped);
  }

  @Test
  void anonymousCallersAndRevokedExpiredOrUnknownKeysGet401() {
    var soft = new SoftAssertions();
    for (Row row : MATRIX) {
      if (row.kind() == Kind.PUBLIC) {
        var open = call(row, null);
        soft.assertThat(open.status()).as("anonymous %s", row.key()).isLessThan(500).isNotEqualTo(403);
        soft.assertThat(open.body()).as("anonymous %s", row.key()).doesNotContain("\"unauthenticated\"");
        continue;
      }
      var anonymous = call(row, null);
      soft.assertThat(anonymous.status()).as("anonymous %s: %s", row.key(), summary(anonymous)).isEqualTo(401);
      soft.assertThat(anonymous.header("WWW-Authenticate")).as("challenge of %s", row.key()).isEqualTo("Bearer");
      var revoked = call(row, w.bRevokedKey());
      soft.assertThat(revoked.status()).as("revoked key %s", row.key()).isEqualTo(401);
      soft.assertThat(revoked.body()).as("revoked key %s", row.key()).contains("has been revoked");
      var expired = call(row, w.bExpiredKey());
      soft.assertThat(expired.status()).as("expired key %s", row.key()).isEqualTo(401);
      soft.assertThat(expired.body()).as("expired key %s", row.key()).contains("has expired");
      soft.assertThat(call(row, "sk-jz-not-a-real-key").status()).as("unknown key %s", row.key()).isEqualTo(401);
    }
    soft.assertAll();
  }

  @Test
  void anApiKeyActsOnlyForItsAppAndCannotAdministerAnything() {
    var me = api.get("/api/v1/me", w.bKey());
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.text("auth_type")).isEqualTo("api_key");
    assertThat(me.json().get("api_key").get("app_id").asLong()).isEqualTo(w.bApp());
    assertThat(me.json().get("tenant").get("id").asLong()).isEqualTo(w.b().orgId());
    assertProblem(api.patch("/api/v1/me", w.bKey(), map("display_name", "x")), 403, "user_only");
    assertProblem(api.post("/api/v1/me/password", w.bKey(), map("current_password", "x", "new_password", "y")), 403,
        "user_only");

    var soft = new SoftAssertions();
    for (Row row : MATRIX) {
      if (row.kind() == Kind.LIST || row.kind() == Kind.TENANT || row.kind() == Kind.PLATFORM) {
        var res = call(row, w.bKey());
        soft.assertThat(res.status()).as("API key on %s: %s", row.key(), summary(res)).isEqualTo(403);
      } else if (row.kind() == Kind.TENANT_KEY) {
        var res = call(row, w.bKey());
        soft.assertThat(res.status()).as("B's API key on A: %s: %s", row.key(), summary(res)).isEqualTo(404);      } else if (row.kind() == Kind.LIST_KEY) {
        var res = call(row, w.bKey());
        soft.assertThat(res.status()).as("API key listing %s: %s", row.key(), summary(res)).isEqualTo(200);
      }
    }
    soft.assertAll();
  }

  @Test
  void anotherTenantsResourcesAnswer404AndStayUnchanged() {
    long bOrgs = jdbc.sql("select count(*) from iam_orgs where tenant_id = :t").param("t", w.b().orgId())
        .query(Long.class).single();
    var soft = new SoftAssertions();
    for (Row row : MATRIX) {
      if (row.kind() != Kind.TENANT && row.kind() != Kind.TENANT_KEY) {
        continue;
      }
      var byAdmin = call(row, w.bAdmin());
      soft.assertThat(byAdmin.status()).as("B's tenant admin on A: %s → %s", row.key(), summary(byAdmin))
          .isEqualTo(404);
      boolean devMay = BuiltinRole.DEVELOPER.permissions().contains(row.permission());
      var byDev = call(row, w.bDev());
      soft.assertThat(byDev.status()).as("B's developer on A: %s → %s", row.key(), summary(byDev))
          .isEqualTo(devMay ? 404 : 403);
    }
    soft.assertAll();

    String aAdmin = fx.login(w.a().adminName());
    assertThat(api.get("/api/v1/orgs/" + w.aSubOrg(), aAdmin).json().get("name").asString()).isEqualTo("甲处");
    assertThat(api.get("/api/v1/orgs/" + w.aSubOrg(), aAdmin).json().get("tenant_id").asLong())
        .isEqualTo(w.a().orgId());
    assertThat(api.get("/api/v1/orgs/" + w.aEmptyOrg(), aAdmin).status()).isEqualTo(200);
    var dev = api.get("/api/v1/users/" + w.a().devId(), aAdmin).json();
    assertThat(dev.get("display_name").asString()).startsWith("用户 ");
    assertThat(dev.get("enabled").asBoolean()).isTrue();
    assertThat(dev.get("roles").valueStream().map(r -> r.asString())).containsExactly("developer");
    assertThat(fx.login(w.a().devName())).as("password not reset").isNotBlank();
    var group = api.get("/api/v1/groups/" + w.aGroup(), aAdmin).json();
    assertThat(group.get("name").asString()).isEqualTo("甲组");
    assertThat(group.get("member_count").asInt()).isEqualTo(1);
    assertThat(api.get("/api/v1/projects/" + w.aProject(), aAdmin).text("name")).isEqualTo("甲项目");
    assertThat(api.get("/api/v1/projects/" + w.aProject() + "/apps/" + w.aApp(), aAdmin).text("name"))
        .isEqualTo("甲应用");
    assertThat(api.get("/api/v1/api-keys/" + w.aKey(), aAdmin).text("status")).isEqualTo("active");
    assertThat(api.get("/api/v1/projects/" + w.aProject() + "/apps/" + w.aApp() + "/keys", aAdmin).json().size())
        .isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from iam_orgs where tenant_id = :t").param("t", w.b().orgId())
        .query(Long.class).single()).isEqualTo(bOrgs);
    var policy = api.get("/api/v1/guard/policies/" + w.aPolicy(), aAdmin).json();
    assertThat(policy.get("enabled").asBoolean()).isTrue();
    assertThat(policy.get("priority").asInt()).as("not reordered by B").isEqualTo(500);
    assertThat(api.get("/api/v1/guard/answers/" + w.aAnswer(), aAdmin).text("answer")).isEqualTo("甲答案");
    assertThat(jdbc.sql("select count(*) from guard_policies where tenant_id = :t").param("t", w.b().orgId())
        .query(Long.class).single()).isZero();
    assertThat(jdbc.sql("select name from kb_bases where id = :id").param("id", knowledge.kb()).query(String.class)
        .single()).isEqualTo("甲知识库");
    assertThat(jdbc.sql("select title is null and status = 'ready' from kb_documents where id = :id")
        .param("id", knowledge.doc()).query(Boolean.class).single()).as("document untouched").isTrue();
    assertThat(jdbc.sql("select enabled from kb_chunks where id = :id").param("id", knowledge.chunk())
        .query(Boolean.class).single()).isTrue();
    assertThat(jdbc.sql("select state from kb_jobs where id = :id").param("id", knowledge.job())
        .query(String.class).single()).isEqualTo("paused");
    assertThat(api.get("/api/v1/knowledge-dictionaries/" + kbGraph.dictionary(), aAdmin).json()
        .get("entry_count").asInt()).isEqualTo(1);
    assertThat(api.get("/api/v1/knowledge-trees/" + kbGraph.tree(), aAdmin).text("name")).isEqualTo("甲知识树");
    assertThat(jdbc.sql("select answer from agent_qa_pairs where id = :id").param("id", agent.qa())
        .query(String.class).single()).isEqualTo("甲答案");
    assertThat(jdbc.sql("select reply from agent_intervention_rules where id = :id").param("id", agent.rule())
        .query(String.class).single()).isEqualTo("甲回复");
    assertThat(jdbc.sql("select status from agent_feedback where id = :id").param("id", agent.feedback())
        .query(String.class).single()).isEqualTo("new");
    assertThat(jdbc.sql("select count(*) from agent_feedback where run_id = :r").param("r", agent.run())
        .query(Long.class).single()).as("B left no feedback on A's run").isEqualTo(1);
    assertThat(jdbc.sql("select status from agent_runs where id = :id").param("id", agentRuns.run())
        .query(String.class).single()).as("A's waiting run neither cancelled nor resumed by B").isEqualTo("waiting");
    assertThat(jdbc.sql("select count(*) from agent_runs where app_code = :a").param("a", agentRuns.app())
        .query(Long.class).single()).as("no run of A's app started by B").isEqualTo(1);
    assertThat(api.get("/api/v1/knowledge-bases/" + kbGraph.kb() + "/graph/relations", aAdmin).json()
        .get("total").asInt()).isEqualTo(1);
    assertThat(jdbc.sql("select name from agent_mcp_servers where id = :id").param("id", mcpServer)
        .query(String.class).single()).isEqualTo("a-tools");
    var agentApp = api.get("/api/v1/apps/" + agentApps.app(), aAdmin).json();
    assertThat(agentApp.get("name").asString()).isEqualTo("甲智能体");
    assertThat(agentApp.get("published_version").asInt()).as("nothing published by B").isEqualTo(1);
    assertThat(api.get("/api/v1/apps/" + agentApps.app() + "/keys", aAdmin).json().size()).isZero();
  }

  @Test
  void listingsShowOnlyTheCallersTenant() {
    for (String token : new String[] {w.bAdmin(), w.bDev()}) {
      var orgs = api.get("/api/v1/orgs", token).json();
      assertThat(orgs.valueStream().map(o -> o.get("tenant_id").asLong())).containsOnly(w.b().orgId());
      var users = api.get("/api/v1/users?size=500", token).json();
      assertThat(users.get("items").valueStream().map(u -> u.get("id").asLong()))
          .containsExactlyInAnyOrder(w.b().adminId(), w.b().devId());
      assertThat(users.get("total").asLong()).isEqualTo(2);
      assertThat(api.get("/api/v1/groups", token).json().valueStream().map(g -> g.get("id").asLong()))
          .containsExactly(w.bGroup());
      assertThat(api.get("/api/v1/projects", token).json().valueStream().map(p -> p.get("id").asLong()))
          .containsExactly(w.bProject());
    }
    assertProblem(api.get("/api/v1/users?org_id=" + w.a().orgId(), w.bAdmin()), 404, "org.not_found");
    var all = api.get("/api/v1/orgs", fx.admin()).json();
    assertThat(all.valueStream().map(o -> o.get("id").asLong())).contains(w.a().orgId(), w.b().orgId());
  }

  @Test
  void resourcesOfAnotherTenantCannotBeReferencedFromOwnResources() {
    String bAdmin = w.bAdmin();
    long bOrg = fx.createOrg(bAdmin, unique("b-sub"), "乙处", w.b().orgId(), false);
    assertProblem(api.post("/api/v1/orgs/" + bOrg + "/move", bAdmin, map("parent_id", w.aSubOrg())), 404,
        "org.not_found");
    assertProblem(api.patch("/api/v1/users/" + w.b().devId(), bAdmin, map("org_id", w.a().orgId())), 404,
        "org.not_found");
    assertProblem(api.get("/api/v1/projects/" + w.bProject() + "/apps/" + w.aApp(), bAdmin), 404, "app.not_found");
    assertProblem(api.get("/api/v1/projects/" + w.aProject() + "/apps/" + w.bApp(), bAdmin), 404,
        "project.not_found");

    var unknown = assertProblem(api.put("/api/v1/groups/" + w.bGroup() + "/members", bAdmin,
        map("user_ids", List.of(987654321L))), 400, "validation_failed");
    var foreign = assertProblem(api.put("/api/v1/groups/" + w.bGroup() + "/members", bAdmin,
        map("user_ids", List.of(w.a().devId()))), 400, "validation_failed");
    assertThat(foreign.text("detail")).as("another tenant's user looks like no user at all")
        .isEqualTo(unknown.text("detail"));
    assertThat(api.get("/api/v1/groups/" + w.bGroup(), bAdmin).json().get("member_count").asInt()).isZero();
  }

  @Test
  void rolesCannotBeReadOrSetWithoutRoleAssignEvenWhenNothingChanges() {
    String reviewerName = unique("peek");
    fx.createUser(w.aAdmin(), reviewerName, w.a().orgId(), "reviewer");
    String reviewer = fx.login(reviewerName);
    assertProblem(api.get("/api/v1/users/" + w.a().devId(), reviewer), 403, "permission_denied");
    assertProblem(api.put("/api/v1/users/" + w.a().devId() + "/roles", reviewer, map("roles", List.of("developer"))),
        403, "permission_denied");
    assertProblem(api.put("/api/v1/users/" + w.a().devId() + "/roles", fx.login(w.a().devName()),
        map("roles", List.of("developer"))), 403, "permission_denied");
  }

  @Test
  void usersWithoutThePermissionGet403() {
    String aAdmin = w.aAdmin();
    String reviewerName = unique("reviewer");
    fx.createUser(aAdmin, reviewerName, w.a().orgId(), "reviewer");
    String reviewer = fx.login(reviewerName);
    String dev = fx.login(w.a().devName());

    assertProblem(api.post("/api/v1/users", dev, map("username", unique("x"), "display_name", "x",
        "password", IamFixtures.PASSWORD, "org_id", w.a().orgId())), 403, "permission_denied");
    assertProblem(api.post("/api/v1/projects", dev, map("code", unique("x"), "name", "x", "org_id",
        w.a().orgId())), 403, "permission_denied");
    assertProblem(api.delete("/api/v1/orgs/" + w.aEmptyOrg(), dev), 403, "permission_denied");
    assertProblem(api.post("/api/v1/groups", dev, map("name", "x", "org_id", w.a().orgId())), 403,
        "permission_denied");
    assertProblem(api.post("/api/v1/projects/" + w.aProject() + "/apps", reviewer, map("code", unique("x"),
        "name", "x")), 403, "permission_denied");
    assertProblem(api.post("/api/v1/projects/" + w.aProject() + "/apps/" + w.aApp() + "/keys", reviewer,
        map("name", "x")), 403, "permission_denied");
    assertProblem(api.get("/api/v1/users", reviewer), 403, "permission_denied");
    assertProblem(api.get("/api/v1/audit/events", aAdmin), 403, "permission_denied");
    assertThat(api.get("/api/v1/projects/" + w.aProject() + "/apps", reviewer).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/projects/" + w.aProject() + "/apps", reviewer).json().size()).isEqualTo(1);
  }
}
