package io.jingzhi.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Builds the organizations, accounts and roles tests need through the real API, the way an operator would:
 * the system administrator creates orgs and accounts, the security administrator hands out roles.
 */
public final class IamFixtures {

  /** A password every generated account gets: long enough, four classes, none of the usernames. */
  public static final String PASSWORD = "Str0ng#Passw0rd";

  private static final AtomicInteger SEQ = new AtomicInteger();

  private final TestApi api;
  private final JdbcClient jdbc;
  private final String adminPassword;

  public IamFixtures(TestApi api, JdbcClient jdbc, String adminPassword) {
    this.api = api;
    this.jdbc = jdbc;
    this.adminPassword = adminPassword;
  }

  /** A tenant (委办局) with its tenant administrator and a developer. */
  public record Tenant(long orgId, String code, long adminId, String adminName, long devId, String devName) {}

  /** A name nobody else in this JVM has used, usable as a code or username. */
  public static String unique(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
  }

  public long rootId() {
    return jdbc.sql("select id from iam_orgs where parent_id is null").query(Long.class).single();
  }

  public String admin() {
    return api.login("admin", adminPassword);
  }

  public String secadmin() {
    return api.login("secadmin", adminPassword);
  }

  public String auditor() {
    return api.login("auditor", adminPassword);
  }

  public String login(String username) {
    return api.login(username, PASSWORD);
  }

  public long createOrg(String token, String code, String name, long parentId, boolean tenant) {
    var res = api.post("/api/v1/orgs", token, Map.of("code", code, "name", name, "parent_id", parentId,
        "tenant", tenant));
    assertThat(res.status()).as("create org %s: %s", code, res).isEqualTo(201);
    return res.id();
  }

  public long createUser(String token, String username, long orgId, String... roles) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("username", username);
    body.put("display_name", "用户 " + username);
    body.put("password", PASSWORD);
    body.put("org_id", orgId);
    body.put("roles", List.of(roles));
    var res = api.post("/api/v1/users", token, body);
    assertThat(res.status()).as("create user %s: %s", username, res).isEqualTo(201);
    return res.id();
  }

  /** The security administrator gives a user exactly these roles. */
  public void setRoles(long userId, String... roles) {
    var res = api.put("/api/v1/users/" + userId + "/roles", secadmin(), Map.of("roles", List.of(roles)));
    assertThat(res.status()).as("set roles of %s: %s", userId, res).isEqualTo(200);
  }

  /** A new tenant-boundary org under the root with a tenant administrator and a developer in it. */
  public Tenant tenant(String label) {
    String admin = admin();
    String code = unique(label);
    long orgId = createOrg(admin, code, "委办局 " + code, rootId(), true);
    String adminName = unique(label + "-ta");
    long adminId = createUser(admin, adminName, orgId);
    setRoles(adminId, "tenant-admin");
    String devName = unique(label + "-dev");
    long devId = createUser(login(adminName), devName, orgId, "developer");
    return new Tenant(orgId, code, adminId, adminName, devId, devName);
  }
}
