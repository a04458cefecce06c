package io.jingzhi.server.iam;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.iam.apikey.ApiKeyAuthenticator;
import io.jingzhi.server.support.ServerIT;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The main identity flows, run once per database the platform supports: each subclass puts the same server
 * on another database. Only {@link #executeDirectly(String)} differs: how somebody with database access
 * changes stored rows behind the platform's back.
 */
abstract class IamFlows extends ServerIT {

  @Autowired
  ApiKeyAuthenticator authenticator;

  /** Runs a statement on the database outside the application. */
  protected abstract void executeDirectly(String sql);

  @Test
  void migrationsApplyAndTheThreeAdministratorsCanSignIn() {
    assertThat(jdbc.sql("select count(*) from flyway_history_iam where success = true and version = '1'")
        .query(Long.class).single()).isEqualTo(1);
    assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
    for (String[] admin : new String[][] {{"admin", "system-admin"}, {"secadmin", "security-admin"},
        {"auditor", "audit-admin"}}) {
      var me = api.get("/api/v1/me", api.login(admin[0], ADMIN_PASSWORD)).json();
      assertThat(me.get("roles").valueStream().map(r -> r.asString())).containsExactly(admin[1]);
    }
  }

  @Test
  void orgTreeUsersAndRoles() {
    String admin = fx.admin();
    long bureau = fx.createOrg(admin, unique("flow-a"), "甲局", fx.rootId(), true);
    long other = fx.createOrg(admin, unique("flow-b"), "乙局", fx.rootId(), true);
    long division = fx.createOrg(admin, unique("flow-div"), "处室", bureau, false);
    long section = fx.createOrg(admin, unique("flow-sec"), "科室", division, false);

    var moved = api.post("/api/v1/orgs/" + division + "/move", admin, map("parent_id", other));
    assertThat(moved.status()).isEqualTo(200);
    var child = api.get("/api/v1/orgs/" + section, admin).json();
    assertThat(child.get("path").asString()).endsWith("/" + other + "/" + division + "/" + section + "/");
    assertThat(child.get("tenant_id").asLong()).isEqualTo(other);
    assertProblem(api.post("/api/v1/orgs/" + division + "/move", admin, map("parent_id", section)), 400,
        "validation_failed");

    String suffix = unique("u");
    String name = "flow_" + suffix;
    long user = fx.createUser(admin, name, section);
    fx.createUser(admin, "flowX" + suffix, section);
    var found = api.get("/api/v1/users?q=flow_" + suffix, admin).json();
    assertThat(found.get("items").valueStream().map(u -> u.get("username").asString()))
        .as("_ is matched literally, not as a wildcard").containsExactly(name);
    assertThat(api.get("/api/v1/users?org_id=" + section, admin).json().get("total").asLong()).isEqualTo(2);

    fx.setRoles(user, "developer");
    assertProblem(api.put("/api/v1/users/" + user + "/roles", fx.secadmin(), map("roles",
        List.of("system-admin", "security-admin"))), 400, "role.separation_of_duties");
    String token = fx.login(name);
    assertThat(api.get("/api/v1/orgs", token).json().valueStream().map(o -> o.get("tenant_id").asLong()))
        .containsOnly(other);
    assertThat(api.patch("/api/v1/users/" + user, admin, map("enabled", false)).status()).isEqualTo(200);
    assertProblem(api.get("/api/v1/me", token), 401, "invalid_credentials");
    assertProblem(api.delete("/api/v1/orgs/" + section, admin), 409, "org.not_empty");
  }

  @Test
  void projectsAppsAndKeys() {
    var t = fx.tenant("flow-keys");
    String dev = fx.login(t.devName());
    long project = api.post("/api/v1/projects", fx.login(t.adminName()), map("code", unique("fp"), "name", "项目",
        "org_id", t.orgId())).id();
    long app = api.post("/api/v1/projects/" + project + "/apps", dev, map("code", unique("fa"), "name", "应用")).id();
    String keys = "/api/v1/projects/" + project + "/apps/" + app + "/keys";
    var created = api.post(keys, dev, map("name", "k", "models", List.of("qwen"), "limits", map("rpm", 10)));
    assertThat(created.status()).isEqualTo(201);
    String secret = created.text("key");
    assertThat(api.get("/api/v1/me", secret).text("auth_type")).isEqualTo("api_key");
    authenticator.flushLastUsed();
    var listed = api.get(keys, dev).json().get(0);
    assertThat(listed.get("last_used_at").isNull()).isFalse();
    assertThat(listed.get("models").get(0).asString()).isEqualTo("qwen");
    assertThat(listed.has("key")).isFalse();

    assertProblem(api.delete("/api/v1/projects/" + project + "/apps/" + app, dev), 409, "app.has_active_keys");
    assertThat(api.post("/api/v1/api-keys/" + created.id() + "/revoke", dev, null).text("status"))
        .isEqualTo("revoked");
    assertProblem(api.get("/api/v1/me", secret), 401, "invalid_credentials");
    assertThat(api.delete("/api/v1/projects/" + project + "/apps/" + app, dev).status()).isEqualTo(204);
  }

  @Test
  void auditEventsAreChainedAndTamperingIsNamed() {
    String admin = fx.admin();
    long org = fx.createOrg(admin, unique("flow-audit"), "审计局", fx.rootId(), true);
    api.post("/api/v1/auth/login", null, map("username", "admin", "password", "wrong"));
    String auditor = fx.auditor();

    var events = api.get("/api/v1/audit/events?action=org.create&size=100", auditor).json().get("items");
    var created = events.valueStream().filter(e -> String.valueOf(org).equals(e.get("target_id").asString()))
        .findFirst().orElseThrow();
    assertThat(created.get("result").asString()).isEqualTo("success");
    assertThat(api.get("/api/v1/audit/events?action=auth.login&result=failure", auditor).json().get("total")
        .asLong()).isGreaterThanOrEqualTo(1);
    var verified = api.get("/api/v1/audit/verify", auditor).json();
    assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();

    long id = created.get("id").asLong();
    executeDirectly("update iam_audit_events set detail = 'edited' where id = " + id);
    var broken = api.get("/api/v1/audit/verify", auditor).json();
    assertThat(broken.get("valid").asBoolean()).isFalse();
    assertThat(broken.get("first_broken_id").asLong()).isEqualTo(id);
  }
}
