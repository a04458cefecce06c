package io.jingzhi.server.iam;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.IamFixtures;
import io.jingzhi.server.support.ServerIT;
import org.junit.jupiter.api.Test;

/** The organization tree: create, rename, move with recomputed paths and tenants, disable, delete. */
class OrgApiIT extends ServerIT {

  @Test
  void createRenameAndMoveRecomputeThePathsAndTenantsOfTheWholeSubtree() {
    String admin = fx.admin();
    long root = fx.rootId();
    long bureauA = fx.createOrg(admin, unique("bureau-a"), "甲局", root, true);
    long bureauB = fx.createOrg(admin, unique("bureau-b"), "乙局", root, true);
    long division = fx.createOrg(admin, unique("div"), "处室", bureauA, false);
    long section = fx.createOrg(admin, unique("sec"), "科室", division, false);

    var created = api.get("/api/v1/orgs/" + section, admin).json();
    assertThat(created.get("path").asString()).isEqualTo("/" + root + "/" + bureauA + "/" + division + "/" + section + "/");
    assertThat(created.get("depth").asInt()).isEqualTo(3);
    assertThat(created.get("tenant_id").asLong()).isEqualTo(bureauA);
    assertThat(created.get("parent_id").asLong()).isEqualTo(division);

    var renamed = api.patch("/api/v1/orgs/" + division, admin, map("name", "  综合处  "));
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.text("name")).isEqualTo("综合处");
    assertThat(api.get("/api/v1/orgs/" + division, admin).text("name")).isEqualTo("综合处");

    var moved = api.post("/api/v1/orgs/" + division + "/move", admin, map("parent_id", bureauB));
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    assertThat(moved.json().get("parent_id").asLong()).isEqualTo(bureauB);
    assertThat(moved.text("path")).isEqualTo("/" + root + "/" + bureauB + "/" + division + "/");
    assertThat(moved.json().get("tenant_id").asLong()).isEqualTo(bureauB);

    var child = api.get("/api/v1/orgs/" + section, admin).json();
    assertThat(child.get("path").asString()).isEqualTo("/" + root + "/" + bureauB + "/" + division + "/" + section + "/");
    assertThat(child.get("depth").asInt()).isEqualTo(3);
    assertThat(child.get("tenant_id").asLong()).as("descendants follow into the new tenant").isEqualTo(bureauB);
  }

  @Test
  void anOrgCannotMoveUnderItselfOrItsDescendants() {
    String admin = fx.admin();
    long top = fx.createOrg(admin, unique("top"), "上级", fx.rootId(), true);
    long mid = fx.createOrg(admin, unique("mid"), "中级", top, false);
    long low = fx.createOrg(admin, unique("low"), "下级", mid, false);

    for (long target : new long[] {low, mid}) {
      var res = assertProblem(api.post("/api/v1/orgs/" + mid + "/move", admin, map("parent_id", target)), 400,
          "validation_failed");
      assertThat(fields(res)).containsExactly("parent_id");
    }
    assertThat(api.get("/api/v1/orgs/" + mid, admin).json().get("parent_id").asLong()).isEqualTo(top);
    assertProblem(api.post("/api/v1/orgs/" + mid + "/move", admin, map("parent_id", 987654321)), 404,
        "org.not_found");
  }

  @Test
  void usersOfADisabledOrgOrOfOrgsBelowItCannotSignIn() {
    String admin = fx.admin();
    long org = fx.createOrg(admin, unique("dis"), "停用局", fx.rootId(), true);
    long below = fx.createOrg(admin, unique("dis-sub"), "停用处", org, false);
    String user = unique("dis-user");
    String lower = unique("dis-lower");
    fx.createUser(admin, user, org);
    fx.createUser(admin, lower, below);
    fx.login(user);

    var disabled = api.patch("/api/v1/orgs/" + org, admin, map("enabled", false));
    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
    for (String name : new String[] {user, lower}) {
      assertProblem(api.post("/api/v1/auth/login", null, map("username", name, "password", IamFixtures.PASSWORD)),
          403, "account_disabled");
    }

    assertThat(api.patch("/api/v1/orgs/" + org, admin, map("enabled", true)).status()).isEqualTo(200);
    assertThat(fx.login(lower)).startsWith("jzs_");
  }

  @Test
  void onlyEmptyOrgsAreDeletedAndTheReasonIsGiven() {
    String admin = fx.admin();
    long org = fx.createOrg(admin, unique("del"), "待删局", fx.rootId(), true);
    long child = fx.createOrg(admin, unique("del-sub"), "待删处", org, false);
    long userId = fx.createUser(admin, unique("del-user"), child);

    var parentRefused = assertProblem(api.delete("/api/v1/orgs/" + org, admin), 409, "org.not_empty");
    assertThat(parentRefused.text("detail")).contains("1 child organizations");
    var childRefused = assertProblem(api.delete("/api/v1/orgs/" + child, admin), 409, "org.not_empty");
    assertThat(childRefused.text("detail")).contains("1 users");
    assertThat(api.get("/api/v1/orgs/" + child, admin).status()).isEqualTo(200);

    assertThat(api.patch("/api/v1/users/" + userId, admin, map("org_id", org)).status()).isEqualTo(200);
    assertThat(api.delete("/api/v1/orgs/" + child, admin).status()).isEqualTo(204);
    assertProblem(api.get("/api/v1/orgs/" + child, admin), 404, "org.not_found");
    assertProblem(api.delete("/api/v1/orgs/" + child, admin), 404, "org.not_found");
  }

  @Test
  void theRootCannotBeDeletedDisabledOrMoved() {
    String admin = fx.admin();
    long root = fx.rootId();
    long other = fx.createOrg(admin, unique("other"), "其他局", root, true);
    assertProblem(api.delete("/api/v1/orgs/" + root, admin), 400, "org.root_protected");
    assertProblem(api.patch("/api/v1/orgs/" + root, admin, map("enabled", false)), 400, "org.root_protected");
    assertProblem(api.patch("/api/v1/orgs/" + root, admin, map("tenant", false)), 400, "org.root_protected");
    assertProblem(api.post("/api/v1/orgs/" + root + "/move", admin, map("parent_id", other)), 400,
        "org.root_protected");
    var stored = api.get("/api/v1/orgs/" + root, admin).json();
    assertThat(stored.get("enabled").asBoolean()).isTrue();
    assertThat(stored.get("parent_id").isNull()).isTrue();
  }

  @Test
  void aTenantAdministratorWorksOnlyInsideTheTenantAndCannotDrawTenantBoundaries() {
    var a = fx.tenant("orgs-a");
    var b = fx.tenant("orgs-b");
    String ta = fx.login(a.adminName());

    long division = fx.createOrg(ta, unique("ta-div"), "甲处", a.orgId(), false);
    assertProblem(api.post("/api/v1/orgs", ta, map("code", unique("ta-t"), "name", "新局", "parent_id", a.orgId(),
        "tenant", true)), 403, "org.tenant_boundary_denied");
    assertProblem(api.patch("/api/v1/orgs/" + division, ta, map("tenant", true)), 403,
        "org.tenant_boundary_denied");
    assertProblem(api.post("/api/v1/orgs/" + division + "/move", ta, map("parent_id", b.orgId())), 404,
        "org.not_found");
    assertThat(api.get("/api/v1/orgs/" + division, ta).json().get("tenant").asBoolean()).isFalse();

    var listed = api.get("/api/v1/orgs", ta).json();
    assertThat(listed.valueStream().map(o -> o.get("tenant_id").asLong())).containsOnly(a.orgId());
    assertProblem(api.post("/api/v1/orgs", fx.login(a.devName()), map("code", unique("dev"), "name", "x",
        "parent_id", a.orgId())), 403, "permission_denied");
  }
}
