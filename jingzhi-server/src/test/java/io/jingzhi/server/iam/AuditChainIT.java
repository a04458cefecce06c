package io.jingzhi.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.ServerIT;
import org.junit.jupiter.api.Test;

/** The audit trail records changes and logins, and its hash chain names the first event edited in the database. */
class AuditChainIT extends ServerIT {

  @Test
  void stateChangesAndLoginsAreAuditedAndTamperingIsNamed() {
    String admin = adminToken();
    var org = api.post("/api/v1/orgs", admin, map("code", "audit-org", "name", "审计测试局", "parent_id", 1,
        "tenant", true));
    assertThat(org.status()).isEqualTo(201);
    api.post("/api/v1/auth/login", null, map("username", "admin", "password", "wrong-password"));
    api.post("/api/v1/orgs", admin, map("code", "audit-org", "name", "again", "parent_id", 1)); // 409

    String auditor = api.login("auditor", ADMIN_PASSWORD);
    var events = api.get("/api/v1/audit/events?size=100", auditor);
    assertThat(events.status()).isEqualTo(200);
    var items = events.json().get("items");
    assertThat(items.valueStream().map(e -> e.get("action").asString() + ":" + e.get("result").asString()))
        .contains("org.create:success", "org.create:failure", "auth.login:failure", "auth.login:success");
    var created = items.valueStream().filter(e -> e.get("action").asString().equals("org.create")
        && e.get("result").asString().equals("success")).findFirst().orElseThrow();
    assertThat(created.get("actor_name").asString()).isEqualTo("admin");
    assertThat(created.get("after").asString()).contains("审计测试局");

    var verified = api.get("/api/v1/audit/verify", auditor).json();
    assertThat(verified.get("valid").asBoolean()).isTrue();
    assertThat(verified.get("checked").asLong()).isGreaterThanOrEqualTo(4);

    long tampered = created.get("id").asLong();
    jdbc.sql("update iam_audit_events set target_name = 'someone else' where id = :id").param("id", tampered).update();
    var broken = api.get("/api/v1/audit/verify", auditor).json();
    assertThat(broken.get("valid").asBoolean()).isFalse();
    assertThat(broken.get("first_broken_id").asLong()).isEqualTo(tampered);
  }

  @Test
  void onlyTheAuditAdministratorReadsTheTrail() {
    assertThat(api.get("/api/v1/audit/events", adminToken()).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/audit/verify", api.login("secadmin", ADMIN_PASSWORD)).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/audit/events", null).status()).isEqualTo(401);
    var export = api.get("/api/v1/audit/events/export", adminToken());
    assertThat(export.status()).as(export.toString()).isEqualTo(403);
    assertThat(export.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void exportIsCsvWithTheFilteredEvents() {
    String admin = adminToken();
    api.post("/api/v1/orgs", admin, map("code", "csv-org", "name", "导出,测试\"局", "parent_id", 1));
    var csv = api.get("/api/v1/audit/events/export?action=org.create", api.login("auditor", ADMIN_PASSWORD));
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    String[] lines = csv.body().split("\r?\n");
    assertThat(lines[0]).contains("id,occurred_at,actor_id,actor_name");
    assertThat(csv.body()).contains("\"导出,测试\"\"局\"").doesNotContain("auth.login");
  }
}
