package io.jingzhi.server.iam;

import static io.jingzhi.server.support.IamFixtures.PASSWORD;
import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static io.jingzhi.server.support.Problems.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.MutableClock;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.TestClockConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/** Accounts: validation, search, changes, disabling, expiry, passwords, lockout and sessions. */
@Import(TestClockConfiguration.class)
class UserApiIT extends ServerIT {

  private static final String NEW_PASSWORD = "An0ther#Secret";

  @Autowired
  MutableClock clock;

  private Map<String, Object> newUser(String username, Object password, Object email, long orgId) {
    return map("username", username, "display_name", "张三", "password", password, "email", email, "org_id", orgId);
  }

  @Test
  void invalidAccountsAreRefusedNamingEveryBadField() {
    String admin = fx.admin();
    long org = fx.rootId();

    var fieldsBad = assertProblem(api.post("/api/v1/users", admin, newUser("x", PASSWORD, "not-an-email", org)), 400,
        "validation_failed");
    assertThat(fields(fieldsBad)).containsExactlyInAnyOrder("username", "email");
    assertProblem(api.post("/api/v1/users", admin, newUser("has space", PASSWORD, null, org)), 400,
        "validation_failed");
    var missing = assertProblem(api.post("/api/v1/users", admin, map("username", "abc")), 400, "validation_failed");
    assertThat(fields(missing)).contains("display_name", "password", "org_id");

    String name = "weak";
    var weak = assertProblem(api.post("/api/v1/users", admin, newUser(name, "weak1", null, org)), 400,
        "password.policy");
    assertThat(fields(weak)).containsOnly("password");
    assertThat(messages(weak, "password")).hasSize(3).anySatisfy(m -> assertThat(m).contains("at least 10"))
        .anySatisfy(m -> assertThat(m).contains("mix at least 3"))
        .anySatisfy(m -> assertThat(m).contains("username"));
    assertThat(messages(assertProblem(api.post("/api/v1/users", admin, newUser(name, "alllowercaseletters", null,
        org)), 400, "password.policy"), "password")).singleElement().asString().contains("mix at least 3");

    assertThat(api.get("/api/v1/users?q=" + name, admin).json().get("total").asLong()).isZero();
  }

  @Test
  void usernamesAreUniqueIgnoringCase() {
    String admin = fx.admin();
    String name = unique("dup");
    fx.createUser(admin, name, fx.rootId());
    assertProblem(api.post("/api/v1/users", admin, newUser(name, PASSWORD, null, fx.rootId())), 409,
        "user.username_taken");
    assertProblem(api.post("/api/v1/users", admin, newUser(name.toUpperCase(), PASSWORD, null, fx.rootId())), 409,
        "user.username_taken");
  }

  @Test
  void searchPagesAndFiltersByOrgAndText() {
    String admin = fx.admin();
    long org = fx.createOrg(admin, unique("search"), "检索局", fx.rootId(), true);
    long other = fx.createOrg(admin, unique("search-o"), "其他局", fx.rootId(), true);
    String tag = unique("srch");
    for (int i = 0; i < 3; i++) {
      fx.createUser(admin, tag + "-u" + i, org);
    }
    fx.createUser(admin, tag + "-x", other);

    var page1 = api.get("/api/v1/users?org_id=" + org + "&size=2&page=1", admin).json();
    assertThat(page1.get("total").asLong()).isEqualTo(3);
    assertThat(page1.get("items").size()).isEqualTo(2);
    var page2 = api.get("/api/v1/users?org_id=" + org + "&size=2&page=2", admin).json();
    assertThat(page2.get("items").size()).isEqualTo(1);
    assertThat(page2.get("items").get(0).get("org_id").asLong()).isEqualTo(org);

    var byText = api.get("/api/v1/users?q=" + tag + "-u1", admin).json();
    assertThat(byText.get("items").valueStream().map(u -> u.get("username").asString()))
        .containsExactly(tag + "-u1");
    assertThat(api.get("/api/v1/users?q=" + tag, admin).json().get("total").asLong()).isEqualTo(4);
    assertProblem(api.get("/api/v1/users?size=0", admin), 400, "validation_failed");
    assertProblem(api.get("/api/v1/users?size=501", admin), 400, "validation_failed");
  }

  @Test
  void updateChangesTheProfile() {
    String admin = fx.admin();
    long id = fx.createUser(admin, unique("upd"), fx.rootId());
    var res = api.patch("/api/v1/users/" + id, admin, map("display_name", "李四", "email", "li@example.gov.cn",
        "phone", "010-1234567"));
    assertThat(res.status()).isEqualTo(200);
    var got = api.get("/api/v1/users/" + id, admin).json();
    assertThat(got.get("display_name").asString()).isEqualTo("李四");
    assertThat(got.get("email").asString()).isEqualTo("li@example.gov.cn");
    assertThat(got.get("phone").asString()).isEqualTo("010-1234567");
    assertThat(got.has("password_hash")).isFalse();
    assertThat(api.patch("/api/v1/users/" + id, admin, map("email", "")).json().get("email").isNull()).isTrue();
    assertProblem(api.patch("/api/v1/users/" + id, admin, map("email", "nope")), 400, "validation_failed");
  }

  @Test
  void disablingAnAccountEndsItsSessionsAtOnce() {
    String admin = fx.admin();
    String name = unique("off");
    long id = fx.createUser(admin, name, fx.rootId());
    String token = fx.login(name);
    assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);

    assertThat(api.patch("/api/v1/users/" + id, admin, map("enabled", false)).status()).isEqualTo(200);
    assertProblem(api.get("/api/v1/me", token), 401, "invalid_credentials");
    assertProblem(api.post("/api/v1/auth/login", null, map("username", name, "password", PASSWORD)), 403,
        "account_disabled");
    assertProblem(api.patch("/api/v1/users/987654321", admin, map("enabled", false)), 404, "user.not_found");

    assertThat(api.patch("/api/v1/users/" + id, admin, map("enabled", true)).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/me", fx.login(name)).status()).isEqualTo(200);
  }

  @Test
  void anExpiredAccountCannotSignInAndItsSessionsStop() {
    String admin = fx.admin();
    String name = unique("exp");
    long id = fx.createUser(admin, name, fx.rootId());
    String token = fx.login(name);

    Instant soon = clock.instant().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    var set = api.patch("/api/v1/users/" + id, admin, map("expires_at", soon.toString()));
    assertThat(Instant.parse(set.text("expires_at"))).isEqualTo(soon);
    assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);

    assertThat(api.patch("/api/v1/users/" + id, admin, map("expires_at", clock.instant().minusSeconds(1).toString()))
        .status()).isEqualTo(200);
    assertProblem(api.get("/api/v1/me", token), 401, "invalid_credentials");
    assertProblem(api.post("/api/v1/auth/login", null, map("username", name, "password", PASSWORD)), 403,
        "account_disabled");

    var cleared = api.patch("/api/v1/users/" + id, admin, map("clear_expiry", true));
    assertThat(cleared.json().get("expires_at").isNull()).isTrue();
    assertThat(fx.login(name)).isNotBlank();
  }

  @Test
  void afterAnAdministratorResetThePasswordTheUserMustChangeItBeforeAnythingElse() {
    var t = fx.tenant("reset");
    String old = fx.login(t.devName());
    var reset = api.post("/api/v1/users/" + t.devId() + "/reset-password", fx.admin(),
        map("new_password", "Temp#Passw0rd1"));
    assertThat(reset.status()).as(reset.toString()).isEqualTo(204);
    assertProblem(api.get("/api/v1/me", old), 401, "invalid_credentials");

    var login = api.post("/api/v1/auth/login", null, map("username", t.devName(), "password", "Temp#Passw0rd1"));
    assertThat(login.json().get("must_change_password").asBoolean()).isTrue();
    String token = login.text("access_token");
    assertProblem(api.get("/api/v1/orgs", token), 403, "password_change_required");
    assertProblem(api.get("/api/v1/projects", token), 403, "password_change_required");
    assertProblem(api.patch("/api/v1/users/" + t.devId(), token, map("display_name", "x")), 403,
        "password_change_required");
    var me = api.get("/api/v1/me", token);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("must_change_password").asBoolean()).isTrue();

    assertProblem(api.post("/api/v1/me/password", token, map("current_password", "Temp#Passw0rd1",
        "new_password", "Temp#Passw0rd1")), 400, "password.policy");
    assertThat(api.post("/api/v1/me/password", token, map("current_password", "Temp#Passw0rd1",
        "new_password", NEW_PASSWORD)).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/orgs", token).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/me", token).json().get("must_change_password").asBoolean()).isFalse();
  }

  @Test
  void aTenantAdministratorCannotResetTheAccountsOfPlatformAdministrators() {
    var t = fx.tenant("reset-ta");
    long adminId = jdbc.sql("select id from iam_users where username = 'admin'").query(Long.class).single();
    assertProblem(api.post("/api/v1/users/" + adminId + "/reset-password", fx.login(t.adminName()),
        map("new_password", "Temp#Passw0rd1")), 404, "user.not_found");
    assertThat(fx.admin()).isNotBlank();
  }

  @Test
  void ownPasswordChangesCheckTheCurrentPasswordAndRefuseRecentPasswords() {
    String name = unique("own");
    fx.createUser(fx.admin(), name, fx.rootId());
    String token = fx.login(name);

    var wrong = assertProblem(api.post("/api/v1/me/password", token, map("current_password", "wrong",
        "new_password", NEW_PASSWORD)), 400, "validation_failed");
    assertThat(fields(wrong)).containsExactly("current_password");
    assertThat(api.post("/api/v1/me/password", token, map("current_password", PASSWORD,
        "new_password", NEW_PASSWORD)).status()).isEqualTo(204);

    var reuse = assertProblem(api.post("/api/v1/me/password", token, map("current_password", NEW_PASSWORD,
        "new_password", PASSWORD)), 400, "password.policy");
    assertThat(messages(reuse, "new_password")).singleElement().asString().contains("last 5 passwords");
    assertThat(api.post("/api/v1/auth/login", null, map("username", name, "password", PASSWORD)).status())
        .isEqualTo(401);
    assertThat(api.login(name, NEW_PASSWORD)).isNotBlank();
  }

  @Test
  void fiveFailedSignInsLockTheAccountUntilTheSecurityAdministratorUnlocksIt() {
    var t = fx.tenant("lock");
    String name = t.devName();
    for (int i = 0; i < 5; i++) {
      assertProblem(api.post("/api/v1/auth/login", null, map("username", name, "password", "wrong-" + i)), 401,
          "bad_credentials");
    }
    assertProblem(api.post("/api/v1/auth/login", null, map("username", name, "password", PASSWORD)), 423,
        "account_locked");
    assertThat(api.get("/api/v1/users/" + t.devId(), fx.admin()).json().get("locked").asBoolean()).isTrue();

    String otherTenantAdmin = fx.login(fx.tenant("lock-other").adminName());
    assertProblem(api.post("/api/v1/users/" + t.devId() + "/unlock", otherTenantAdmin, null), 404, "user.not_found");
    String colleague = unique("lock-dev2");
    fx.createUser(fx.login(t.adminName()), colleague, t.orgId(), "developer");
    assertProblem(api.post("/api/v1/users/" + t.devId() + "/unlock", fx.login(colleague), null), 403,
        "permission_denied");
    var unlocked = api.post("/api/v1/users/" + t.devId() + "/unlock", fx.secadmin(), null);
    assertThat(unlocked.status()).as(unlocked.toString()).isEqualTo(204);
    assertThat(api.get("/api/v1/users/" + t.devId(), fx.admin()).json().get("locked").asBoolean()).isFalse();
    assertThat(fx.login(name)).isNotBlank();
  }

  @Test
  void anIdleSessionEndsButActivityKeepsItAlive() {
    String name = unique("idle");
    fx.createUser(fx.admin(), name, fx.rootId());
    String busy = fx.login(name);
    String idle = fx.login(name);

    clock.advance(Duration.ofMinutes(20));
    assertThat(api.get("/api/v1/me", busy).status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(20));
    assertThat(api.get("/api/v1/me", busy).status()).as("used 20 minutes ago").isEqualTo(200);

    var ended = assertProblem(api.get("/api/v1/me", idle), 401, "invalid_credentials");
    assertThat(ended.text("detail")).contains("inactivity");
    assertProblem(api.get("/api/v1/me", idle), 401, "invalid_credentials");
  }

  @Test
  void logoutRevokesTheToken() {
    String name = unique("bye");
    fx.createUser(fx.admin(), name, fx.rootId());
    String token = fx.login(name);
    String other = fx.login(name);
    assertThat(api.post("/api/v1/auth/logout", token, null).status()).isEqualTo(204);
    var refused = assertProblem(api.get("/api/v1/me", token), 401, "invalid_credentials");
    assertThat(refused.text("detail")).contains("ended");
    assertThat(api.get("/api/v1/me", other).status()).as("other sessions go on").isEqualTo(200);
    assertProblem(api.post("/api/v1/auth/logout", null, null), 401, "unauthenticated");
    assertProblem(api.get("/api/v1/me", "jzs_made-up"), 401, "invalid_credentials");
  }

  @Test
  void theCallerSeesAndEditsOnlyTheirOwnProfileThroughMe() {
    String name = unique("me");
    long id = fx.createUser(fx.admin(), name, fx.rootId());
    String token = fx.login(name);
    var me = api.get("/api/v1/me", token).json();
    assertThat(me.get("id").asLong()).isEqualTo(id);
    assertThat(me.get("auth_type").asString()).isEqualTo("user");
    assertThat(me.get("password_expires_at")).isNotNull();
    var changed = api.patch("/api/v1/me", token, map("display_name", "王五", "phone", "13800000000"));
    assertThat(changed.json().get("display_name").asString()).isEqualTo("王五");
    assertThat(api.get("/api/v1/users/" + id, fx.admin()).json().get("phone").asString()).isEqualTo("13800000000");
    assertThat(List.of(api.patch("/api/v1/me", token, map("email", "bad")).status())).containsExactly(400);
  }
}
