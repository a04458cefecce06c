package io.jingzhi.server.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.jingzhi.iam.bootstrap.BootstrapException;
import io.jingzhi.iam.bootstrap.Bootstrapper;
import io.jingzhi.server.JingzhiApplication;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.TestApi;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The demo bootstrap file's apps: the assistant 人社政策助手 and the subsidy workflow are created and published at the
 * first start, visible to the department only; applying the same file again (a restart, a second apply) changes
 * nothing; a changed file is re-published; a broken app file stops the start naming the file.
 */
class AppBootstrapIT extends ServerIT {

  static final Path EXAMPLE = Path.of("..", "examples", "bootstrap.yaml").toAbsolutePath().normalize();

  @DynamicPropertySource
  static void example(DynamicPropertyRegistry registry) {
    registry.add("jingzhi.iam.bootstrap", EXAMPLE::toString);
  }

  @Value("${jingzhi.data-dir}")
  String dataDir;

  @Autowired
  DataSource dataSource;

  @Autowired
  Bootstrapper bootstrapper;

  @Test
  void theDemoAppsArePublishedOnceAndRestartsChangeNothing() {
    String dev = api.login("rsj.dev", "Demo#2026-Jz");
    JsonNode assistant = api.get("/api/v1/apps/rsj-assistant", dev).json();
    assertThat(assistant.get("name").asString()).isEqualTo("人社政策助手");
    assertThat(assistant.get("type").asString()).isEqualTo("assistant");
    assertThat(assistant.get("project").asString()).isEqualTo("rsj-policy");
    assertThat(assistant.get("published_version").asInt()).isEqualTo(1);
    JsonNode draft = api.get("/api/v1/apps/rsj-assistant/draft", dev).json();
    assertThat(draft.get("assistant").get("knowledge").get("bases").get(0).asString()).isEqualTo("rsj-policy-kb");
    assertThat(draft.get("assistant").get("model").asString()).isEqualTo("demo-chat");
    assertThat(draft.get("definition").get("nodes").valueStream().map(n -> n.get("type").asString()))
        .containsExactly("start", "knowledge", "llm", "answer");
    JsonNode workflow = api.get("/api/v1/apps/rsj-subsidy-workflow/draft", dev).json().get("definition");
    assertThat(workflow.get("nodes").valueStream().map(n -> n.get("type").asString()))
        .containsExactly("start", "knowledge", "mcp", "database", "llm", "answer");

    String reviewer = api.login("rsj.reviewer", "Demo#2026-Jz");
    var catalog = api.get("/api/v1/apps?q=人社", reviewer).json().get("items");
    assertThat(catalog.valueStream().map(a -> a.get("code").asString()))
        .contains("rsj-assistant", "rsj-subsidy-workflow");
    assertThat(api.get("/api/v1/apps/rsj-assistant", api.login("zwfw.dev", "Demo#2026-Jz")).status())
        .as("not another department's").isEqualTo(404);

    assertThat(bootstrapper.apply(EXAMPLE).changes()).as("the same file again").isEmpty();
    long versions = jdbc.sql("select count(*) from agent_app_versions").query(Long.class).single();

    var args = new String[] {"--server.port=0", "--spring.datasource.url="
        + ((HikariDataSource) dataSource).getJdbcUrl(), "--jingzhi.data-dir=" + dataDir,
        "--jingzhi.iam.admin-password=" + ADMIN_PASSWORD, "--jingzhi.iam.bootstrap=" + EXAMPLE};
    try (var restarted = new SpringApplicationBuilder(JingzhiApplication.class).run(args)) {
      var again = new TestApi(((WebServerApplicationContext) restarted).getWebServer().getPort());
      String token = again.login("rsj.dev", "Demo#2026-Jz");
      assertThat(again.get("/api/v1/apps/rsj-assistant", token).json().get("published_version").asInt())
          .isEqualTo(1);
      assertThat(again.get("/api/v1/apps/rsj-subsidy-workflow", token).json().get("published_version").asInt())
          .isEqualTo(1);
    }
    assertThat(jdbc.sql("select count(*) from agent_app_versions").query(Long.class).single())
        .as("no version added by the restart").isEqualTo(versions);
  }

  @Test
  void aChangedFileIsRepublishedAndABrokenOneStopsTheStart() throws Exception {
    Path dir = Files.createTempDirectory("apps-bootstrap-");
    Path app = dir.resolve("my.yaml");
    String file = """
        format: jingzhi-app/1
        name: 测试助手
        type: assistant
        sharing: org
        publish: true
        assistant: {model: demo-chat, system_prompt: "第一版"}
        """;
    Files.writeString(app, file);
    Path boot = dir.resolve("bootstrap.yaml");
    Files.writeString(boot, """
        apps_definitions:
          - {code: boot-assistant, project: rsj-policy, file: my.yaml}
        """);
    assertThat(bootstrapper.apply(boot).changes()).contains("app boot-assistant created",
        "app boot-assistant published as version 1");
    assertThat(bootstrapper.apply(boot).changes()).isEmpty();
    Files.writeString(app, file.replace("第一版", "第二版"));
    assertThat(bootstrapper.apply(boot).changes()).containsExactly("draft of app boot-assistant updated",
        "app boot-assistant published as version 2");

    Files.writeString(app, "name: [broken");
    assertThatThrownBy(() -> bootstrapper.apply(boot)).isInstanceOf(BootstrapException.class)
        .hasMessageContaining("apps_definitions[0].file").hasMessageContaining("my.yaml");
    Files.writeString(boot, """
        apps_definitions:
          - {code: boot-assistant, project: rsj-policy, file: missing.yaml}
          - {code: Bad, project: no-such-project, file: my.yaml}
        """);
    assertThatThrownBy(() -> bootstrapper.apply(boot)).isInstanceOf(BootstrapException.class)
        .hasMessageContaining("missing.yaml").hasMessageContaining("apps_definitions[1].code")
        .hasMessageContaining("apps_definitions[1].project");
  }

  @Test
  void anInvalidDefinitionStopsTheStartNamingTheFileAndTheNode() throws Exception {
    Path dir = Files.createTempDirectory("apps-bootstrap-");
    Files.writeString(dir.resolve("wf.yaml"), """
        name: 坏工作流
        type: workflow
        definition:
          format: jingzhi-workflow/1
          nodes:
            - {id: start, type: start, config: {inputs: []}}
            - {id: reply, type: answer, config: {text: "{{ghost.text}}"}}
          edges:
            - {source: start, target: reply}
        """);
    Path boot = dir.resolve("bootstrap.yaml");
    Files.writeString(boot, "apps_definitions:\n  - {code: bad-wf, project: rsj-policy, file: wf.yaml}\n");
    assertThatThrownBy(() -> bootstrapper.apply(boot)).isInstanceOf(BootstrapException.class)
        .hasMessageContaining("wf.yaml").hasMessageContaining("nodes.reply");
  }
}
