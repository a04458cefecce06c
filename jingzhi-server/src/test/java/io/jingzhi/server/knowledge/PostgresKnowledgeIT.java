package io.jingzhi.server.knowledge;

import static io.jingzhi.server.support.IamFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.knowledge.KnowledgeClient.FilePart;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.Postgres;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.Services;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The core knowledge flow on a fresh database of the real PostgreSQL at 127.0.0.1:5432 (vectors as bytea). */
class PostgresKnowledgeIT extends ServerIT {

  @BeforeAll
  static void requirePostgres() {
    Services.require("PostgreSQL", Postgres.HOST, Postgres.PORT);
  }

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    String database = Postgres.createDatabase();
    registry.add("spring.datasource.url", () -> database);
    registry.add("spring.datasource.username", Postgres::user);
    registry.add("spring.datasource.password", () -> "");
  }

  @Test
  void uploadIngestRetrieveDisableAndDeleteOnPostgresql() {
    assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
    KnowledgeClient kb = new KnowledgeClient(api, port);
    Tenant t = fx.tenant("pg-kb");
    String admin = fx.login(t.adminName());
    String project = unique("pg-proj");
    api.post("/api/v1/projects", admin, map("code", project, "name", "项目", "org_id", t.orgId()));
    String dev = fx.login(t.devName());
    long kbId = kb.createBase(dev, project, map("sharing", "org")).get("id").asLong();

    var up = kb.upload(kbId, dev, List.of(FilePart.text("policy.md", KnowledgeDocs.POLICY),
        FilePart.text("records.jsonl", KnowledgeDocs.JSONL),
        new FilePart("broken.docx", "PK\u0003\u0004 not a zip".getBytes(StandardCharsets.ISO_8859_1))),
        "{\"domain\": \"就业\"}");
    assertThat(up.status()).as("upload: %s", up).isEqualTo(202);
    var job = kb.awaitJob(up.json().get("job_id").asLong(), dev, "succeeded", "failed");
    assertThat(job.get("state").asString()).isEqualTo("succeeded");
    assertThat(job.get("done").asInt()).isEqualTo(2);
    assertThat(job.get("failed").asInt()).isEqualTo(1);
    long policy = up.json().get("documents").get(0).get("id").asLong();

    var hit = kb.retrieve(kbId, dev, map("query", "一次性创业补贴每户多少钱", "top_k", 1)).json().get("chunks").get(0);
    assertThat(hit.get("text").asString()).contains("5000元");
    long chunk = hit.get("id").asLong();
    api.patch("/api/v1/knowledge-bases/" + kbId + "/chunks/" + chunk, dev, map("enabled", false));
    assertThat(kb.retrieve(kbId, dev, map("query", "一次性创业补贴每户多少钱", "top_k", 5)).json().get("chunks")
        .valueStream().map(c -> c.get("id").asLong())).doesNotContain(chunk);
    var rebuild = api.post("/api/v1/knowledge-bases/" + kbId + "/rebuild", dev, null);
    kb.awaitJob(rebuild.id(), dev, "succeeded");
    assertThat(kb.retrieve(kbId, dev, map("query", "一次性创业补贴每户多少钱", "top_k", 5)).json().get("chunks")
        .valueStream().map(c -> c.get("id").asLong())).as("still disabled after a rebuild").doesNotContain(chunk);
    assertThat(kb.retrieve(kbId, dev, map("query", "营业执照网上办理", "top_k", 1)).json().get("chunks").get(0)
        .get("metadata").get("id").asString()).isEqualTo("faq-001");

    assertThat(api.delete("/api/v1/knowledge-bases/" + kbId + "/documents/" + policy, dev).status()).isEqualTo(204);
    assertThat(kb.retrieve(kbId, dev, map("query", "一次性创业补贴每户多少钱", "top_k", 5)).json().get("chunks")
        .valueStream().map(c -> c.get("document_id").asLong())).doesNotContain(policy);
    assertThat(api.delete("/api/v1/knowledge-bases/" + kbId, dev).status()).isEqualTo(204);
    assertThat(jdbc.sql("select count(*) from kb_chunks where kb_id = :kb").param("kb", kbId).query(Long.class)
        .single()).isZero();
  }
}
