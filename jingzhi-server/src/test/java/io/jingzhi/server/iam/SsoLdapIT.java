package io.jingzhi.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldif.LDIFReader;
import io.jingzhi.server.support.ServerIT;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * LDAP sign-in against a real LDAP server (UnboundID's in-memory directory) started by the test: accounts and
 * their OU path are synchronised into the org tree, passwords stay with the directory, local accounts still work.
 */
class SsoLdapIT extends ServerIT {

  private static final String BASE = "dc=city,dc=gov";
  private static final String LDIF = """
      dn: dc=city,dc=gov
      objectClass: top
      objectClass: domain
      dc: city

      dn: ou=市大数据局,dc=city,dc=gov
      objectClass: organizationalUnit
      ou: 市大数据局

      dn: ou=数据资源处,ou=市大数据局,dc=city,dc=gov
      objectClass: organizationalUnit
      ou: 数据资源处

      dn: uid=zhangsan,ou=数据资源处,ou=市大数据局,dc=city,dc=gov
      objectClass: inetOrgPerson
      uid: zhangsan
      cn: 张三
      sn: 张
      mail: zhangsan@city.gov
      telephoneNumber: 010-12345678
      userPassword: Ldap#Pass-1

      dn: uid=lisi,ou=数据资源处,ou=市大数据局,dc=city,dc=gov
      objectClass: inetOrgPerson
      uid: lisi
      cn: 李四
      sn: 李
      userPassword: Ldap#Pass-2

      dn: ou=市交通委,dc=city,dc=gov
      objectClass: organizationalUnit
      ou: 市交通委

      dn: ou=路政处,ou=市交通委,dc=city,dc=gov
      objectClass: organizationalUnit
      ou: 路政处

      dn: ou=空处室,ou=市交通委,dc=city,dc=gov
      objectClass: organizationalUnit
      ou: 空处室

      dn: uid=wangwu,ou=路政处,ou=市交通委,dc=city,dc=gov
      objectClass: inetOrgPerson
      uid: wangwu
      cn: 王五
      sn: 王
      userPassword: Ldap#Pass-3

      dn: uid=admin,ou=路政处,ou=市交通委,dc=city,dc=gov
      objectClass: inetOrgPerson
      uid: admin
      cn: 冒名管理员
      sn: 冒
      userPassword: Ldap#Pass-4
      """;

  private static InMemoryDirectoryServer directory;

  @DynamicPropertySource
  static void ldap(DynamicPropertyRegistry registry) throws Exception {
    var config = new InMemoryDirectoryServerConfig(BASE);
    config.addAdditionalBindCredentials("cn=jingzhi,dc=city,dc=gov", "svc-secret");
    config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
    directory = new InMemoryDirectoryServer(config);
    directory.importFromLDIF(true, new LDIFReader(new ByteArrayInputStream(LDIF.getBytes(StandardCharsets.UTF_8))));
    directory.startListening();
    int port = directory.getListenPort();
    registry.add("jingzhi.iam.ldap.enabled", () -> "true");
    registry.add("jingzhi.iam.ldap.url", () -> "ldap://127.0.0.1:" + port);
    registry.add("jingzhi.iam.ldap.base-dn", () -> BASE);
    registry.add("jingzhi.iam.ldap.bind-dn", () -> "cn=jingzhi,dc=city,dc=gov");
    registry.add("jingzhi.iam.ldap.bind-password", () -> "svc-secret");
    registry.add("jingzhi.iam.ldap.parent-org", () -> "sso-city");
    registry.add("jingzhi.iam.ldap.default-roles", () -> "developer");
  }

  @AfterAll
  static void stopDirectory() {
    directory.shutDown(true);
  }

  @BeforeEach
  void parentOrg() {
    if (jdbc.sql("select count(*) from iam_orgs where code = 'sso-city'").query(Long.class).single() == 0) {
      var created = api.post("/api/v1/orgs", adminToken(), map("code", "sso-city", "name", "市直单位", "parent_id", 1));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }
  }

  @Test
  void directoryUserSignsInAndLandsInTheSynchronisedOrgTree() {
    String token = api.login("zhangsan", "Ldap#Pass-1");
    var me = api.get("/api/v1/me", token);
    assertThat(me.status()).isEqualTo(200);
    JsonNode body = me.json();
    assertThat(body.get("source").asString()).isEqualTo("ldap");
    assertThat(body.get("display_name").asString()).isEqualTo("张三");
    assertThat(body.get("email").asString()).isEqualTo("zhangsan@city.gov");
    assertThat(body.get("org").get("name").asString()).isEqualTo("数据资源处");
    assertThat(body.get("org").get("code").asString()).matches("ldap-[0-9a-f]{16}");
    assertThat(body.get("tenant").get("name").asString()).isEqualTo("市大数据局");
    assertThat(body.get("roles").valueStream().map(JsonNode::asString)).containsExactly("developer");

    String admin = adminToken();
    var office = api.get("/api/v1/orgs/" + body.get("org").get("id").asLong(), admin).json();
    assertThat(office.get("source").asString()).isEqualTo("ldap");
    assertThat(office.get("external_id").asString()).isEqualTo("ou=数据资源处,ou=市大数据局,dc=city,dc=gov");
    var bureau = api.get("/api/v1/orgs/" + office.get("parent_id").asLong(), admin).json();
    assertThat(bureau.get("name").asString()).isEqualTo("市大数据局");
    assertThat(bureau.get("tenant").asBoolean()).isTrue();
    var parent = api.get("/api/v1/orgs/" + bureau.get("parent_id").asLong(), admin).json();
    assertThat(parent.get("code").asString()).isEqualTo("sso-city");

    // A second sign-in refreshes the same account rather than making another.
    api.login("zhangsan", "Ldap#Pass-1");
    assertThat(jdbc.sql("select count(*) from iam_users where source = 'ldap' and username = 'zhangsan'")
        .query(Long.class).single()).isEqualTo(1);
    assertThat(jdbc.sql("select external_id from iam_users where username = 'zhangsan'").query(String.class)
        .single()).isNotBlank().doesNotContain("uid=");
  }

  @Test
  void wrongPasswordsAreRefusedAndCountTowardLockout() {
    api.login("lisi", "Ldap#Pass-2");
    for (int i = 0; i < 5; i++) {
      assertThat(api.post("/api/v1/auth/login", null, map("username", "lisi", "password", "wrong-" + i)).status())
          .isEqualTo(401);
    }
    var locked = api.post("/api/v1/auth/login", null, map("username", "lisi", "password", "Ldap#Pass-2"));
    assertThat(locked.status()).isEqualTo(423);
    assertThat(locked.text("code")).isEqualTo("account_locked");
  }

  @Test
  void unknownUsersEmptyPasswordsAndNameClashesAreRefused() {
    var unknown = api.post("/api/v1/auth/login", null, map("username", "nobody", "password", "Whatever#1"));
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.text("code")).isEqualTo("bad_credentials");
    // An empty password would make the LDAP bind anonymous: it must not sign anybody in.
    assertThat(api.post("/api/v1/auth/login", null, map("username", "wangwu", "password", "")).status())
        .isEqualTo(401);
    // The directory's "admin" does not take over the local administrator; the local password still works.
    assertThat(api.post("/api/v1/auth/login", null, map("username", "admin", "password", "Ldap#Pass-4")).status())
        .isEqualTo(401);
    assertThat(adminToken()).isNotBlank();
  }

  @Test
  void directoryAccountsCannotChangeTheirPasswordOnThePlatform() {
    String token = api.login("zhangsan", "Ldap#Pass-1");
    var change = api.post("/api/v1/me/password", token, map("current_password", "Ldap#Pass-1",
        "new_password", "Another#Pass-99"));
    assertThat(change.status()).isEqualTo(400);
    assertThat(change.text("code")).isEqualTo("user.external_password");
  }

  @Test
  void syncNowImportsTheWholeTreeForPlatformAdministratorsOnly() {
    String developer = api.login("zhangsan", "Ldap#Pass-1");
    assertThat(api.post("/api/v1/sso/ldap/sync", developer, map()).status()).isEqualTo(403);
    assertThat(api.post("/api/v1/sso/ldap/sync", null, map()).status()).isEqualTo(401);

    var report = api.post("/api/v1/sso/ldap/sync", adminToken(), map());
    assertThat(report.status()).as(report.toString()).isEqualTo(200);
    assertThat(report.json().get("users_skipped").asInt()).isEqualTo(1); // uid=admin clashes with the local admin
    assertThat(report.json().get("problems").get(0).asString()).contains("uid=admin");
    assertThat(jdbc.sql("select name from iam_orgs where source = 'ldap'").query(String.class).list())
        .contains("市大数据局", "数据资源处", "市交通委", "路政处", "空处室");
    assertThat(jdbc.sql("select display_name from iam_users where username = 'wangwu' and source = 'ldap'")
        .query(String.class).single()).isEqualTo("王五");
    assertThat(jdbc.sql("select source from iam_users where username = 'admin'").query(String.class).single())
        .isEqualTo("local");

    var again = api.post("/api/v1/sso/ldap/sync", adminToken(), map()).json();
    assertThat(again.get("orgs_created").asInt()).isZero();
    assertThat(again.get("users_created").asInt()).isZero();
  }

  @Test
  void directorySignInsAreAudited() {
    api.login("zhangsan", "Ldap#Pass-1");
    api.post("/api/v1/auth/login", null, map("username", "zhangsan", "password", "wrong-password"));
    var events = api.get("/api/v1/audit/events?action=auth.login&actor=zhangsan&size=100",
        api.login("auditor", ADMIN_PASSWORD));
    assertThat(events.status()).isEqualTo(200);
    var items = events.json().get("items");
    assertThat(items.valueStream().filter(e -> e.get("result").asString().equals("success"))
        .map(e -> e.get("detail").asString())).contains("source ldap");
    assertThat(items.valueStream().map(e -> e.get("result").asString())).contains("failure");
    var created = api.get("/api/v1/audit/events?action=user.create&size=100", api.login("auditor", ADMIN_PASSWORD));
    assertThat(created.json().get("items").valueStream().map(e -> e.get("target_name").asString()))
        .contains("zhangsan");
  }
}
