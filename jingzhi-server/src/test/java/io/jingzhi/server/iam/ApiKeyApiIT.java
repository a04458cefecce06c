package io.jingzhi.server.iam;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.iam.apikey.ApiKeyAuthenticator;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** API keys: shown once, stored hashed, scoped and limited, revocable at once, blocking deletion of their app. */
class ApiKeyApiIT extends ServerIT {

  @Autowired
  ApiKeyAuthenticator authenticator;

  private Tenant t;
  private String dev;
  private long project;
  private long app;

  @BeforeEach
  void app() {
    t = fx.tenant("keys");
    dev = fx.login(t.devName());
    project = api.post("/api/v1/projects", fx.login(t.adminName()), map("code", unique("kp"), "name", "项目",
        "org_id", t.orgId())).id();
    app = api.post("/api/v1/projects/" + project + "/apps", dev, map("code", unique("ka"), "name", "应用")).id();
  }

  private String keys() {
    return "/api/v1/projects/" + project + "/apps/" + app + "/keys";
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theKeyIsShownOnceAndStoredOnlyAsAHash() throws Exception {
    Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    var created = api.post(keys(), dev, map("name", "生产密钥", "models", List.of("qwen2.5-72b", "bge-small-zh"),
        "limits", map("rpm", 60, "tpm", 100000, "concurrency", 4), "expires_at", expires.toString()));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    var json = created.json();
    String secret = json.get("key").asString();
    assertThat(secret).startsWith("sk-jz-").hasSizeGreaterThan(40);
    assertThat(json.get("prefix").asString()).isEqualTo(secret.substring(0, 12));
    assertThat(json.get("status").asString()).isEqualTo("active");
    assertThat(json.get("models").valueStream().map(m -> m.asString())).containsExactly("qwen2.5-72b", "bge-small-zh");
    assertThat(json.get("limits").get("rpm").asInt()).isEqualTo(60);
    assertThat(json.get("limits").get("tpm").asInt()).isEqualTo(100000);
    assertThat(json.get("limits").get("concurrency").asInt()).isEqualTo(4);
    assertThat(Instant.parse(json.get("expires_at").asString())).isEqualTo(expires);
    long id = json.get("id").asLong();

    var got = api.get("/api/v1/api-keys/" + id, dev);
    assertThat(got.json().has("key")).isFalse();
    assertThat(got.body()).doesNotContain(secret);
    assertThat(got.json().get("prefix").asString()).isEqualTo(secret.substring(0, 12));
    assertThat(got.json().get("limits").get("concurrency").asInt()).isEqualTo(4);
    assertThat(Instant.parse(got.text("expires_at"))).isEqualTo(expires);
    var listed = api.get(keys(), dev);
    assertThat(listed.body()).doesNotContain(secret);
    assertThat(listed.json().valueStream()).allSatisfy(k -> assertThat(k.has("key")).isFalse());

    var row = jdbc.sql("select * from iam_api_keys where id = :id").param("id", id).query().singleRow();
    assertThat(row.values()).noneSatisfy(v -> assertThat(String.valueOf(v)).contains(secret.substring(12)));
    assertThat(row.get("key_hash")).isEqualTo(sha256(secret));
    var audit = jdbc.sql("select count(*) from iam_audit_events where coalesce(after_state, '') like :s"
        + " or coalesce(before_state, '') like :s").param("s", "%" + secret.substring(12) + "%").query(Long.class)
        .single();
    assertThat(audit).as("the secret is not in the audit trail").isZero();

    var me = api.get("/api/v1/me", secret);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("api_key").get("id").asLong()).isEqualTo(id);
  }

  @Test
  void invalidKeysAreRefused() {
    var past = assertProblem(api.post(keys(), dev, map("name", "old",
        "expires_at", Instant.now().minusSeconds(60).toString())), 400, "validation_failed");
    assertThat(fields(past)).containsExactly("expires_at");
    var limits = assertProblem(api.post(keys(), dev, map("name", "x", "limits", map("rpm", 0))), 400,
        "validation_failed");
    assertThat(fields(limits)).containsExactly("limits.rpm");
    assertProblem(api.post(keys(), dev, map("name", " ")), 400, "validation_failed");
    assertThat(api.get(keys(), dev).json().size()).isZero();
  }

  @Test
  void aRevokedKeyStopsWorkingAtOnce() {
    var created = api.post(keys(), dev, map("name", "short-lived"));
    String secret = created.text("key");
    assertThat(api.get("/api/v1/me", secret).status()).isEqualTo(200);

    var revoked = api.post("/api/v1/api-keys/" + created.id() + "/revoke", dev, null);
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.text("status")).isEqualTo("revoked");
    assertThat(revoked.text("revoked_at")).isNotNull();
    var refused = assertProblem(api.get("/api/v1/me", secret), 401, "invalid_credentials");
    assertThat(refused.text("detail")).isEqualTo("The API key has been revoked");
    assertThat(api.post("/api/v1/api-keys/" + created.id() + "/revoke", dev, null).text("status"))
        .isEqualTo("revoked");
  }

  @Test
  void anExpiredKeyIsRefused() {
    var created = api.post(keys(), dev, map("name", "expiring",
        "expires_at", Instant.now().plusSeconds(3600).toString()));
    jdbc.sql("update iam_api_keys set expires_at = :t where id = :id")
        .param("t", java.time.OffsetDateTime.now().minusSeconds(1)).param("id", created.id()).update();
    var refused = assertProblem(api.get("/api/v1/me", created.text("key")), 401, "invalid_credentials");
    assertThat(refused.text("detail")).isEqualTo("The API key has expired");
    assertThat(api.get("/api/v1/api-keys/" + created.id(), dev).text("status")).isEqualTo("expired");
  }

  @Test
  void lastUseIsRecorded() {
    var created = api.post(keys(), dev, map("name", "used"));
    assertThat(api.get("/api/v1/api-keys/" + created.id(), dev).json().has("last_used_at")).isFalse();
    Instant before = Instant.now().minusSeconds(1);
    assertThat(api.get("/api/v1/me", created.text("key")).status()).isEqualTo(200);
    authenticator.flushLastUsed();
    var used = Instant.parse(api.get("/api/v1/api-keys/" + created.id(), dev).text("last_used_at"));
    assertThat(used).isAfter(before).isBefore(Instant.now().plusSeconds(1));
  }

  @Test
  void anAppWithWorkingKeysCannotBeDeleted() {
    var created = api.post(keys(), dev, map("name", "blocking"));
    String appPath = "/api/v1/projects/" + project + "/apps/" + app;
    var refused = assertProblem(api.delete(appPath, dev), 409, "app.has_active_keys");
    assertThat(refused.text("detail")).contains("1 active API key");
    assertThat(api.get(appPath, dev).status()).isEqualTo(200);
    assertProblem(api.delete("/api/v1/projects/" + project, fx.login(t.adminName())), 409, "project.not_empty");

    api.post("/api/v1/api-keys/" + created.id() + "/revoke", dev, null);
    assertThat(api.delete(appPath, dev).status()).isEqualTo(204);
    assertProblem(api.get(appPath, dev), 404, "app.not_found");
    assertProblem(api.get("/api/v1/api-keys/" + created.id(), dev), 404, "api_key.not_found");
    assertProblem(api.get("/api/v1/me", created.text("key")), 401, "invalid_credentials");
    assertThat(api.delete("/api/v1/projects/" + project, fx.login(t.adminName())).status()).isEqualTo(204);
  }

  @Test
  void keysOfTheSameTenantAreSharedButOtherTenantsCannotSeeThem() {
    var created = api.post(keys(), dev, map("name", "team"));
    assertThat(api.get("/api/v1/api-keys/" + created.id(), fx.login(t.adminName())).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/api-keys/" + created.id(), fx.admin()).status()).isEqualTo(200);
    var other = fx.tenant("keys-other");
    assertProblem(api.get("/api/v1/api-keys/" + created.id(), fx.login(other.devName())), 404, "api_key.not_found");
    assertProblem(api.post("/api/v1/api-keys/" + created.id() + "/revoke", fx.login(other.adminName()), null), 404,
        "api_key.not_found");
    assertThat(api.get("/api/v1/me", created.text("key")).status()).isEqualTo(200);
    assertThat(Map.of("n", api.get(keys(), dev).json().size())).containsEntry("n", 1);
  }
}
