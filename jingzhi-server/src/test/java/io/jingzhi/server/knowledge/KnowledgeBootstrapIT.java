package io.jingzhi.server.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.JingzhiApplication;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.TestApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The demo bootstrap file's knowledge base: created at the first start with its four documents ingested by a job
 * (policy, service guide, FAQ, table), searchable by the department's users; a restart on the same database adds
 * nothing.
 */
class KnowledgeBootstrapIT extends ServerIT {

  static final Path EXAMPLE = Path.of("..", "examples", "bootstrap.yaml").toAbsolutePath().normalize();

  @DynamicPropertySource
  static void example(DynamicPropertyRegistry registry) {
    registry.add("jingzhi.iam.bootstrap", EXAMPLE::toString);
  }

  @Value("${jingzhi.data-dir}")
  String dataDir;

  @Autowired
  DataSource dataSource;

  @Test
  void theDemoBaseIsBuiltOnceAndSearchable() throws Exception {
    String dev = api.login("rsj.dev", "Demo#2026-Jz");
    JsonNode base = awaitDocuments(api, dev, 4);
    long kbId = base.get("id").asLong();
    assertThat(base.get("project_code").asString()).isEqualTo("rsj-policy");
    assertThat(base.get("embedding_dimension").asInt()).isEqualTo(512);
    var docs = api.get("/api/v1/knowledge-bases/" + kbId + "/documents", dev).json().get("items");
    assertThat(docs.valueStream().map(d -> d.get("status").asString())).containsOnly("ready");
    KnowledgeClient kb = new KnowledgeClient(api, port);
    var hit = kb.retrieve(kbId, dev, java.util.Map.of("query", "一次性创业补贴标准是多少", "top_k", 1)).json()
        .get("chunks").get(0);
    assertThat(hit.get("text").asString()).contains("5000元");
    var station = kb.retrieve(kbId, dev, java.util.Map.of("query", "南湖区零工市场在哪里", "top_k", 1)).json()
        .get("chunks").get(0);
    assertThat(station.get("text").asString()).contains("湖滨路5号");
    long chunks = base.get("chunk_count").asLong();
    String reviewer = api.login("rsj.reviewer", "Demo#2026-Jz");
    assertThat(api.get("/api/v1/knowledge-bases/" + kbId, reviewer).status()).as("shared with the department")
        .isEqualTo(200);
    assertThat(api.get("/api/v1/knowledge-bases/" + kbId, api.login("zwfw.dev", "Demo#2026-Jz")).status())
        .as("not with another department").isEqualTo(404);

    // The restart applies the whole example file again (models with endpoints without keys included): nothing
    // is added twice.
    var args = new String[] {"--server.port=0", "--spring.datasource.url=" + ((HikariDataSource) dataSource).getJdbcUrl(),
        "--jingzhi.data-dir=" + dataDir, "--jingzhi.iam.admin-password=" + ADMIN_PASSWORD,
        "--jingzhi.iam.bootstrap=" + EXAMPLE};
    try (var restarted = new SpringApplicationBuilder(JingzhiApplication.class).run(args)) {
      var again = new TestApi(((WebServerApplicationContext) restarted).getWebServer().getPort());
      String token = again.login("rsj.dev", "Demo#2026-Jz");
      var bases = again.get("/api/v1/knowledge-bases?q=rsj-policy-kb", token).json();
      assertThat(bases.get("total").asInt()).isEqualTo(1);
      assertThat(bases.get("items").get(0).get("document_count").asInt()).as("no document added twice").isEqualTo(4);
      assertThat(bases.get("items").get(0).get("chunk_count").asLong()).isEqualTo(chunks);
      assertThat(again.get("/api/v1/knowledge-bases/" + kbId + "/jobs", token).json().get("total").asInt())
          .as("no new job").isEqualTo(1);
    }
  }

  private static JsonNode awaitDocuments(TestApi api, String token, int ready) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(120);
    JsonNode base = null;
    while (Instant.now().isBefore(deadline)) {
      var list = api.get("/api/v1/knowledge-bases?q=rsj-policy-kb", token).json();
      if (list.get("total").asInt() == 1) {
        base = list.get("items").get(0);
        long id = base.get("id").asLong();
        var done = api.get("/api/v1/knowledge-bases/" + id + "/documents?status=ready", token).json();
        if (done.get("total").asInt() == ready) {
          return api.get("/api/v1/knowledge-bases/" + id, token).json();
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the demo base did not get " + ready + " ready documents: " + base);
  }
}
