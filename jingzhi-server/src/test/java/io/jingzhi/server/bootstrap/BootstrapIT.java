package io.jingzhi.server.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.jingzhi.iam.bootstrap.BootstrapException;
import io.jingzhi.server.JingzhiApplication;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.TestApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The bootstrap file at real starts: everything it declares exists and works, later starts change nothing
 * (and audit nothing) unless the file changed, and an invalid file stops the start naming every field.
 */
@Import(BootstrapIT.Sections.class)
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootstrapIT extends ServerIT {

  static final String KEY = "sk-jz-it-explicit-0123456789abcdef";
  static final String ROTATED_KEY = "sk-jz-it-rotated-0123456789abcdef";
  static final String DEV_PASSWORD = "Dev#Passw0rd-IT";
  static final Pattern GENERATED = Pattern.compile("generated API key \"portal\" of app it-app: (sk-jz-\\S+)");
  static Path file;

  @TestConfiguration
  static class Sections {
    @Bean
    NotesSection notesSection() {
      return new NotesSection();
    }
  }

  @DynamicPropertySource
  static void bootstrap(DynamicPropertyRegistry registry) throws IOException {
    file = Files.createTempFile("bootstrap-it-", ".yaml");
    Files.writeString(file, yaml("信息中心"));
    registry.add("jingzhi.iam.bootstrap", file::toString);
    registry.add("BOOTSTRAP_IT_KEY", () -> KEY);
    registry.add("BOOTSTRAP_IT_PASSWORD", () -> DEV_PASSWORD);
  }

  static String yaml(String officeName) {
    return """
        organizations:
          - code: it-bureau
            name: 集成测试局
            tenant: true
            children:
              - code: it-office
                name: %s
                children:
                  - {code: it-team, name: 一组}
        users:
          - username: it.dev
            display_name: 测试开发者
            password: ${BOOTSTRAP_IT_PASSWORD}
            org: it-team
            roles: [developer]
          - username: it.ops
            password: ${JINGZHI_ADMIN_PASSWORD}
            org: it-bureau
            roles: [tenant-admin]
        projects:
          - {code: it-project, name: 集成测试项目, org: it-office}
        apps:
          - code: it-app
            name: 集成测试应用
            project: it-project
            api_keys:
              - name: ci
                key: ${BOOTSTRAP_IT_KEY}
                created_by: it.dev
                models: ["*"]
                limits: {rpm: 60, tpm: 10000, concurrency: 2}
              - name: portal
        it_notes:
          - {org: it-office, text: "hello ${NOTE_NAME:world}"}
        """.formatted(officeName);
  }

  @Autowired
  NotesSection notes;

  @Autowired
  DataSource dataSource;

  @Value("${jingzhi.data-dir}")
  String dataDir;

  @Test
  @Order(1)
  void everythingDeclaredExistsAndWorks(CapturedOutput output) {
    assertThat(jdbc.sql("""
        select o.code || '<' || p.code || case when o.tenant then ' (tenant)' else '' end
        from iam_orgs o join iam_orgs p on p.id = o.parent_id where o.code like 'it-%' order by o.depth""")
        .query(String.class).list())
        .containsExactly("it-bureau<root (tenant)", "it-office<it-bureau", "it-team<it-office");

    var me = api.get("/api/v1/me", api.login("it.dev", DEV_PASSWORD)).json();
    assertThat(me.get("org").get("code").asString()).isEqualTo("it-team");
    assertThat(me.get("tenant").get("code").asString()).isEqualTo("it-bureau");
    assertThat(me.get("roles").toString()).contains("developer");
    assertThat(api.get("/api/v1/me", api.login("it.ops", ADMIN_PASSWORD)).text("username")).isEqualTo("it.ops");

    var byKey = api.get("/api/v1/me", KEY);
    assertThat(byKey.status()).isEqualTo(200);
    // The ci key counts as created by it.dev, so the app runs it starts act for it.dev; the portal key for nobody.
    assertThat(jdbc.sql("select k.name || ':' || coalesce(u.username, '-') from iam_api_keys k left join iam_users u"
        + " on u.id = k.created_by join iam_apps a on a.id = k.app_id where a.code = 'it-app' order by k.name")
        .query(String.class).list()).containsExactly("ci:it.dev", "portal:-");
    assertThat(byKey.text("auth_type")).isEqualTo("api_key");
    assertThat(byKey.json().get("api_key").get("app_code").asString()).isEqualTo("it-app");

    Matcher generated = GENERATED.matcher(output.getAll());
    assertThat(generated.find()).as("the generated key is printed once").isTrue();
    assertThat(api.get("/api/v1/me", generated.group(1)).text("auth_type")).isEqualTo("api_key");
    assertThat(output.getAll()).doesNotContain(KEY).doesNotContain(DEV_PASSWORD);

    long office = jdbc.sql("select id from iam_orgs where code = 'it-office'").query(Long.class).single();
    assertThat(notes.applied).containsExactly(office + ":hello world");

    var events = api.get("/api/v1/audit/events?action=bootstrap.apply", api.login("auditor", ADMIN_PASSWORD));
    assertThat(events.json().get("items").size()).isEqualTo(1);
    assertThat(events.json().get("items").get(0).get("actor_name").asString()).isEqualTo("bootstrap");
    assertThat(events.json().get("items").get(0).get("after").asString()).contains("it-bureau")
        .doesNotContain(KEY);
  }

  @Test
  @Order(2)
  void laterStartsChangeNothingUnlessTheFileChanged(CapturedOutput output) throws IOException {
    String counts = counts();
    // Same file, the new-user password no longer set: existing users do not need it.
    try (var restarted = start(file, "--BOOTSTRAP_IT_KEY=" + KEY)) {
      assertThat(counts()).isEqualTo(counts);
      assertThat(bootstrapEvents()).isEqualTo(1);
      assertThat(GENERATED.matcher(output.getAll()).results().count()).as("printed at the first start only")
          .isEqualTo(1);
    }

    Files.writeString(file, yaml("信息技术中心"));
    try (var restarted = start(file, "--BOOTSTRAP_IT_KEY=" + ROTATED_KEY,
        "--BOOTSTRAP_IT_PASSWORD=Other#Passw0rd-IT")) {
      assertThat(bootstrapEvents()).isEqualTo(2);
      assertThat(jdbc.sql("select name from iam_orgs where code = 'it-office'").query(String.class).single())
          .isEqualTo("信息技术中心");
      var rotated = new TestApi(port(restarted));
      assertThat(rotated.get("/api/v1/me", ROTATED_KEY).text("auth_type")).isEqualTo("api_key");
      assertThat(rotated.get("/api/v1/me", KEY).status()).isEqualTo(401);
      assertThat(rotated.login("it.dev", DEV_PASSWORD)).as("the password is never overwritten").isNotBlank();
    }
    assertThat(jdbc.sql("select count(*) from iam_api_keys k join iam_apps a on a.id = k.app_id"
        + " where a.code = 'it-app' and k.revoked_at is null").query(Long.class).single()).isEqualTo(2);
  }

  @Test
  @Order(3)
  void anInvalidFileStopsTheStartNamingEveryFieldAndWritesNothing() throws IOException {
    Path invalid = Files.createTempFile("bootstrap-invalid-", ".yaml");
    Files.writeString(invalid, """
        organizations:
          - {code: half-applied, name: 不应写入}
        users:
          - {username: it.ghost, password: "Ghost#Passw0rd", org: xyz}
        apps:
          - code: it-app
            name: 集成测试应用
            project: it-project
            api_keys:
              - {name: bad, limits: {rpm: 0}, created_by: nobody}
        it_notes:
          - {org: nowhere}
        """);
    assertThatThrownBy(() -> start(invalid).close()).satisfies(e -> {
      Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
      assertThat(root).isInstanceOf(BootstrapException.class);
      assertThat(root.getMessage()).contains(invalid.toString(),
          "users[0].org: unknown organization code \"xyz\"",
          "apps[0].api_keys[0].limits.rpm: must be a positive integer",
          "apps[0].api_keys[0].created_by: unknown user \"nobody\"",
          "it_notes[0].text: is required",
          "it_notes[0].org: unknown organization code \"nowhere\"");
    });
    assertThat(jdbc.sql("select count(*) from iam_orgs where code = 'half-applied'").query(Long.class).single())
        .isZero();
  }

  @Test
  @Order(4)
  void theExampleFileStartsAServer() {
    Path example = Path.of("..", "examples", "bootstrap.yaml").toAbsolutePath().normalize();
    String freshDatabase = "jdbc:h2:mem:example-" + UUID.randomUUID()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    try (var server = start(example, "--spring.datasource.url=" + freshDatabase,
        "--jingzhi.data-dir=" + dataDir + "/example")) {
      var demo = new TestApi(port(server));
      var me = demo.get("/api/v1/me", demo.login("zwfw.hotline.dev", "Demo#2026-Jz")).json();
      assertThat(me.get("tenant").get("name").asString()).isEqualTo("市政务服务和数据管理局");
      assertThat(demo.get("/api/v1/me", "sk-jz-demo-hotline-0123456789abcdef").text("auth_type"))
          .isEqualTo("api_key");
      String admin = demo.login("admin", ADMIN_PASSWORD);
      assertThat(demo.get("/api/v1/models", admin).body()).contains("\"demo-chat\"", "\"simulated\":true",
          "bge-small-zh-v1.5");
      long zwfw = demo.get("/api/v1/orgs", admin).json().valueStream()
          .filter(o -> o.get("code").asString().equals("zwfw")).findFirst().orElseThrow().get("id").asLong();
      var limits = demo.get("/api/v1/limits?scope=tenant&scope_id=" + zwfw, admin);
      assertThat(limits.status()).as(limits.toString()).isEqualTo(200);
      assertThat(limits.body()).contains("\"rpm\":6000");
      var policies = demo.get("/api/v1/guard/policies", demo.login("secadmin", ADMIN_PASSWORD)).json();
      assertThat(policies.get("items").valueStream().map(p -> p.get("code").asString() + ":" + p.get("mode")
          .asString())).containsExactly("block-high-risk-input:enforce", "watch-hotline-output:monitor");
      var canned = demo.post("/api/v1/guard/check", "sk-jz-demo-hotline-0123456789abcdef",
          java.util.Map.of("text", "你支持台独吗")).json();
      assertThat(canned.get("action").asString()).isEqualTo("answer");
      assertThat(canned.get("policy").asString()).isEqualTo("block-high-risk-input");
    }
  }

  /** Starts another server on the same database and data directory (a restart); {@code extra} overrides. */
  private ConfigurableApplicationContext start(Path bootstrapFile, String... extra) {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("server.port", "0");
    args.put("spring.datasource.url", ((HikariDataSource) dataSource).getJdbcUrl());
    args.put("jingzhi.data-dir", dataDir);
    args.put("jingzhi.iam.admin-password", ADMIN_PASSWORD);
    args.put("jingzhi.iam.bootstrap", bootstrapFile.toString());
    for (String arg : extra) {
      args.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    return new SpringApplicationBuilder(JingzhiApplication.class, Sections.class)
        .run(args.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  private long bootstrapEvents() {
    return jdbc.sql("select count(*) from iam_audit_events where action = 'bootstrap.apply'").query(Long.class)
        .single();
  }

  private String counts() {
    return jdbc.sql("""
        select (select count(*) from iam_orgs) || '/' || (select count(*) from iam_users) || '/'
          || (select count(*) from iam_projects) || '/' || (select count(*) from iam_apps) || '/'
          || (select count(*) from iam_api_keys)""").query(String.class).single();
  }
}
