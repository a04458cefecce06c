package io.jingzhi.server.iam;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.ServerIT;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Roles and their assignment under the separation of the three administrators (三员分立). */
class RoleApiIT extends ServerIT {

  private long userId(String username) {
    return jdbc.sql("select id from iam_users where username = :u").param("u", username).query(Long.class).single();
  }

  private List<String> rolesOf(long id) {
    return api.get("/api/v1/users/" + id, fx.admin()).json().get("roles").valueStream().map(r -> r.asString())
        .toList();
  }

  private Object roles(String... codes) {
    return map("roles", List.of(codes));
  }

  @Test
  void onlyTheSecurityAdministratorAssignsRolesAndNobodyChangesTheirOwn() {
    String admin = fx.admin();
    String secadmin = fx.secadmin();
    long user = fx.createUser(admin, unique("assign"), fx.rootId());

    assertProblem(api.put("/api/v1/users/" + user + "/roles", admin, roles("developer")), 403, "permission_denied");
    assertProblem(api.post("/api/v1/users", admin, map("username", unique("with-role"), "display_name", "x",
        "password", "Str0ng#Passw0rd", "org_id", fx.rootId(), "roles", List.of("developer"))), 403,
        "permission_denied");
    assertThat(rolesOf(user)).isEmpty();

    var assigned = api.put("/api/v1/users/" + user + "/roles", secadmin, roles("developer", "reviewer"));
    assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
    assertThat(rolesOf(user)).containsExactlyInAnyOrder("developer", "reviewer");

    assertProblem(api.put("/api/v1/users/" + userId("secadmin") + "/roles", secadmin,
        roles("security-admin", "developer")), 403, "role.self_assignment");
    assertProblem(api.put("/api/v1/users/" + userId("secadmin") + "/roles", secadmin, roles()), 403,
        "role.self_assignment");
    assertProblem(api.put("/api/v1/users/" + userId("admin") + "/roles", admin, roles("system-admin",
        "security-admin")), 403, "permission_denied");
    assertThat(rolesOf(userId("secadmin"))).containsExactly("security-admin");
    assertThat(rolesOf(userId("admin"))).containsExactly("system-admin");
  }

  @Test
  void onePersonHoldsAtMostOneOfTheThreeAdministratorRoles() {
    String secadmin = fx.secadmin();
    long user = fx.createUser(fx.admin(), unique("sep"), fx.rootId());
    assertProblem(api.put("/api/v1/users/" + user + "/roles", secadmin, roles("system-admin", "audit-admin")), 400,
        "role.separation_of_duties");
    assertThat(api.put("/api/v1/users/" + user + "/roles", secadmin, roles("audit-admin")).status()).isEqualTo(200);
    assertProblem(api.put("/api/v1/users/" + user + "/roles", secadmin, roles("audit-admin", "security-admin")), 400,
        "role.separation_of_duties");
    assertProblem(api.put("/api/v1/users/" + userId("auditor") + "/roles", secadmin,
        roles("audit-admin", "system-admin")), 400, "role.separation_of_duties");
    assertThat(rolesOf(user)).containsExactly("audit-admin");
    assertThat(api.put("/api/v1/users/" + user + "/roles", secadmin, roles()).status()).isEqualTo(200);
    assertThat(rolesOf(user)).isEmpty();
  }

  @Test
  void aTenantAdministratorAssignsWorkRolesInTheTenantButNoAdministratorRoles() {
    var a = fx.tenant("roles-a");
    var b = fx.tenant("roles-b");
    String ta = fx.login(a.adminName());
    long colleague = fx.createUser(ta, unique("colleague"), a.orgId(), "reviewer");
    assertThat(rolesOf(colleague)).containsExactly("reviewer");

    assertThat(api.put("/api/v1/users/" + colleague + "/roles", ta, roles("developer", "reviewer")).status())
        .isEqualTo(200);
    for (String admin : new String[] {"system-admin", "security-admin", "audit-admin"}) {
      assertProblem(api.put("/api/v1/users/" + colleague + "/roles", ta, roles(admin)), 403,
          "role.admin_assignment");
      assertProblem(api.post("/api/v1/users", ta, map("username", unique("ta-adm"), "display_name", "x",
          "password", "Str0ng#Passw0rd", "org_id", a.orgId(), "roles", List.of(admin))), 403,
          "role.admin_assignment");
    }
    assertProblem(api.put("/api/v1/users/" + b.devId() + "/roles", ta, roles("reviewer")), 404, "user.not_found");
    assertProblem(api.put("/api/v1/users/" + a.adminId() + "/roles", ta, roles("developer")), 403,
        "role.self_assignment");
    assertProblem(api.put("/api/v1/users/" + a.devId() + "/roles", fx.login(a.devName()), roles("tenant-admin")),
        403, "permission_denied");
    assertThat(rolesOf(colleague)).containsExactlyInAnyOrder("developer", "reviewer");
    assertThat(rolesOf(b.devId())).containsExactly("developer");
    assertProblem(api.put("/api/v1/users/" + colleague + "/roles", ta, roles("no-such-role")), 404,
        "role.not_found");
  }

  @Test
  void aTenantAdministratorCannotHandOutPowersTheyDoNotHold() {
    var t = fx.tenant("roles-esc");
    String code = unique("modeller").toLowerCase().replaceAll("[^a-z0-9-]", "-");
    assertThat(api.post("/api/v1/roles", fx.secadmin(), map("code", code, "name", code,
        "permissions", List.of("model:write"))).status()).isEqualTo(201);
    String ta = fx.login(t.adminName());
    assertProblem(api.put("/api/v1/users/" + t.devId() + "/roles", ta, roles("developer", code)), 403,
        "role.escalation");
    assertThat(rolesOf(t.devId())).containsExactly("developer");
    assertThat(api.put("/api/v1/users/" + t.devId() + "/roles", fx.secadmin(), roles("developer", code)).status())
        .isEqualTo(200);
  }

  @Test
  void onlyTheSecurityAdministratorManagesTheSeparatedAdministratorsAccounts() {
    long auditorId = jdbc.sql("select id from iam_users where username = 'auditor'").query(Long.class).single();
    assertProblem(api.post("/api/v1/users/" + auditorId + "/reset-password", fx.admin(),
        map("new_password", "Taken#Over-2026")), 403, "user.admin_protected");
    assertProblem(api.patch("/api/v1/users/" + auditorId, fx.admin(), map("enabled", false)), 403,
        "user.admin_protected");
    assertThat(fx.auditor()).isNotBlank();
    assertThat(api.patch("/api/v1/users/" + auditorId, fx.secadmin(), map("display_name", "审计管理员（值班）"))
        .status()).isEqualTo(200);
  }

  @Test
  void customRolesHaveUniqueCodesAndNamesAndNoSeparatedPowers() {
    String secadmin = fx.secadmin();
    var created = api.post("/api/v1/roles", secadmin, map("code", "data-steward", "name", "数据专员",
        "description", "管理知识库", "permissions", List.of("kb:read", "kb:write")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().get("builtin").asBoolean()).isFalse();
    var got = api.get("/api/v1/roles/data-steward", secadmin).json();
    assertThat(got.get("permissions").valueStream().map(p -> p.asString())).containsExactly("kb:read", "kb:write");

    assertProblem(api.post("/api/v1/roles", secadmin, map("code", "data-steward", "name", "别名",
        "permissions", List.of())), 409, "role.code_taken");
    assertProblem(api.post("/api/v1/roles", secadmin, map("code", "developer", "name", "开发者2",
        "permissions", List.of())), 409, "role.code_taken");
    assertProblem(api.post("/api/v1/roles", secadmin, map("code", "steward-two", "name", "数据专员",
        "permissions", List.of())), 409, "role.name_taken");
    assertProblem(api.post("/api/v1/roles", secadmin, map("code", "steward-three", "name", "系统管理员",
        "permissions", List.of())), 409, "role.name_taken");
    assertProblem(api.post("/api/v1/roles", secadmin, map("code", "Bad Code", "name", "x",
        "permissions", List.of())), 400, "validation_failed");

    for (String reserved : new String[] {"audit:read", "audit:export", "role:write", "security:policy"}) {
      var refused = assertProblem(api.post("/api/v1/roles", secadmin, map("code", "sneaky", "name", "伪装",
          "permissions", List.of("kb:read", reserved))), 400, "validation_failed");
      assertThat(fields(refused)).containsExactly("permissions");
      assertProblem(api.patch("/api/v1/roles/data-steward", secadmin, map("permissions", List.of(reserved))), 400,
          "validation_failed");
    }
    assertProblem(api.post("/api/v1/roles", secadmin, map("code", "sneaky", "name", "伪装",
        "permissions", List.of("no:such"))), 400, "validation_failed");
    assertProblem(api.get("/api/v1/roles/sneaky", secadmin), 404, "role.not_found");

    var updated = api.patch("/api/v1/roles/data-steward", secadmin, map("name", "知识专员",
        "permissions", List.of("kb:read")));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(api.get("/api/v1/roles/data-steward", secadmin).json().get("permissions").size()).isEqualTo(1);
    assertProblem(api.patch("/api/v1/roles/data-steward", secadmin, map("name", "开发者")), 409, "role.name_taken");
    assertThat(api.get("/api/v1/roles/data-steward", secadmin).text("name")).isEqualTo("知识专员");
  }

  @Test
  void builtInRolesCannotBeChangedOrDeletedAndRolesInUseCannotBeDeleted() {
    String secadmin = fx.secadmin();
    assertProblem(api.patch("/api/v1/roles/developer", secadmin, map("permissions", List.of("kb:read"))), 409,
        "role.builtin");
    assertProblem(api.delete("/api/v1/roles/audit-admin", secadmin), 409, "role.builtin");
    assertThat(api.get("/api/v1/roles/developer", secadmin).json().get("permissions").size()).isGreaterThan(1);

    assertThat(api.post("/api/v1/roles", secadmin, map("code", "temp-role", "name", "临时角色",
        "permissions", List.of("model:read"))).status()).isEqualTo(201);
    long holder = fx.createUser(fx.admin(), unique("holder"), fx.rootId());
    assertThat(api.put("/api/v1/users/" + holder + "/roles", secadmin, roles("temp-role")).status()).isEqualTo(200);
    var inUse = assertProblem(api.delete("/api/v1/roles/temp-role", secadmin), 409, "role.in_use");
    assertThat(inUse.text("detail")).contains("1 user");

    assertThat(api.put("/api/v1/users/" + holder + "/roles", secadmin, roles()).status()).isEqualTo(200);
    assertThat(api.delete("/api/v1/roles/temp-role", secadmin).status()).isEqualTo(204);
    assertProblem(api.get("/api/v1/roles/temp-role", secadmin), 404, "role.not_found");
  }

  @Test
  void onlyTheSecurityAdministratorDefinesRoles() {
    var t = fx.tenant("roles-def");
    for (String token : new String[] {fx.admin(), fx.auditor(), fx.login(t.adminName())}) {
      assertProblem(api.post("/api/v1/roles", token, map("code", "x-role", "name", "X",
          "permissions", List.of())), 403, "permission_denied");
      assertProblem(api.delete("/api/v1/roles/reviewer", token), 403, "permission_denied");
    }
    var list = api.get("/api/v1/roles", fx.login(t.devName())).json();
    assertThat(list.valueStream().map(r -> r.get("code").asString())).contains("system-admin", "security-admin",
        "audit-admin", "tenant-admin", "developer", "reviewer");
    var catalog = api.get("/api/v1/permissions", fx.admin()).json();
    assertThat(catalog.valueStream().map(p -> p.get("code").asString())).contains("audit:read", "model:invoke");
  }

  @Test
  void aChangedRoleTakesEffectForItsHolders() {
    String secadmin = fx.secadmin();
    api.post("/api/v1/roles", secadmin, map("code", "org-viewer", "name", "组织查看", "permissions",
        List.of("org:read")));
    String name = unique("viewer");
    long id = fx.createUser(fx.admin(), name, fx.rootId());
    String token = fx.login(name);
    assertProblem(api.get("/api/v1/orgs", token), 403, "permission_denied");
    api.put("/api/v1/users/" + id + "/roles", secadmin, roles("org-viewer"));
    assertThat(api.get("/api/v1/orgs", token).status()).as("role granted to a signed-in user").isEqualTo(200);
    api.patch("/api/v1/roles/org-viewer", secadmin, map("permissions", List.of("user:read")));
    assertProblem(api.get("/api/v1/orgs", token), 403, "permission_denied");
    assertThat(api.get("/api/v1/users", token).status()).isEqualTo(200);
  }
}
