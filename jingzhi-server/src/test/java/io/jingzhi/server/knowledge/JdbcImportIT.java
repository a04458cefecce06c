package io.jingzhi.server.knowledge;

import static io.jingzhi.server.support.IamFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.Postgres;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.Services;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * JDBC imports from the real PostgreSQL and MariaDB on localhost (skipped when absent, failing with
 * REQUIRE_SERVICES=true): rows become records with their metadata and id, the connection is read-only (a write
 * hidden in a WITH query is refused and the table keeps its rows).
 */
class JdbcImportIT extends ServerIT {

  private KnowledgeClient kb;
  private String dev;
  private long kbId;

  @BeforeEach
  void base() {
    kb = new KnowledgeClient(api, port);
    Tenant t = fx.tenant("jdbc");
    String admin = fx.login(t.adminName());
    String project = unique("jdbc-proj");
    api.post("/api/v1/projects", admin, map("code", project, "name", "导入项目", "org_id", t.orgId()));
    dev = fx.login(t.devName());
    kbId = kb.createBase(dev, project, map()).get("id").asLong();
  }

  @Test
  void importsRowsFromPostgresqlReadOnly() throws SQLException {
    String url = Postgres.createDatabase();
    try (Connection c = DriverManager.getConnection(url, Postgres.user(), "")) {
      c.createStatement().execute("create table policies (code varchar(20), title varchar(200), body text,"
          + " unit varchar(100))");
      c.createStatement().execute("insert into policies values ('p-1', '创业补贴', '首次创业的给予每户5000元一次性创业补贴。',"
          + " '市人社局'), ('p-2', '租房提取', '无房职工租房可每季度提取一次住房公积金。', '市公积金中心')");
    }
    var job = kb.awaitJob(startImport(url, Postgres.user(), "select code, title, body, unit from policies order by code"),
        dev, "succeeded", "failed");
    assertThat(job.get("state").asString()).as("%s", job).isEqualTo("succeeded");
    assertRecordsSearchable();

    long refused = startImport(url, Postgres.user(),
        "with gone as (delete from policies returning *) select code, title, body, unit from gone");
    var failed = kb.awaitJob(refused, dev, "succeeded", "failed");
    assertThat(failed.get("state").asString()).isEqualTo("failed");
    assertThat(failed.get("files").get(0).get("error_code").asString()).isEqualTo("query_failed");
    try (Connection c = DriverManager.getConnection(url, Postgres.user(), "")) {
      var rs = c.createStatement().executeQuery("select count(*) from policies");
      rs.next();
      assertThat(rs.getInt(1)).as("the read-only connection kept the rows").isEqualTo(2);
    }
  }

  @Test
  void importsRowsFromMariadb() throws SQLException {
    Services.require("MariaDB", "127.0.0.1", 3306);
    String db = "jz_kb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test", "root", "")) {
      c.createStatement().execute("create database " + db + " character set utf8mb4");
    }
    String url = "jdbc:mariadb://127.0.0.1:3306/" + db;
    try (Connection c = DriverManager.getConnection(url, "root", "")) {
      c.createStatement().execute("create table policies (code varchar(20), title varchar(200), body text,"
          + " unit varchar(100)) character set utf8mb4");
      c.createStatement().execute("insert into policies values ('p-1', '创业补贴', '首次创业的给予每户5000元一次性创业补贴。',"
          + " '市人社局'), ('p-2', '租房提取', '无房职工租房可每季度提取一次住房公积金。', '市公积金中心')");
    }
    try {
      var job = kb.awaitJob(startImport(url, "root", "select code, title, body, unit from policies order by code"),
          dev, "succeeded", "failed");
      assertThat(job.get("state").asString()).as("%s", job).isEqualTo("succeeded");
      assertRecordsSearchable();
    } finally {
      try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test", "root", "")) {
        c.createStatement().execute("drop database " + db);
      }
    }
  }

  private long startImport(String url, String user, String query) {
    var res = api.post("/api/v1/knowledge-bases/" + kbId + "/imports", dev, map("kind", "jdbc", "jdbc_url", url,
        "username", user, "password", "", "query", query, "text_columns", List.of("title", "body"),
        "metadata_columns", List.of("unit"), "id_column", "code"));
    assertThat(res.status()).as("import: %s", res).isEqualTo(202);
    assertThat(res.text("kind")).isEqualTo("import_jdbc");
    return res.id();
  }

  private void assertRecordsSearchable() {
    var chunks = api.get("/api/v1/knowledge-bases/" + kbId + "/chunks", dev).json();
    assertThat(chunks.get("total").asInt()).isEqualTo(2);
    JsonNode hit = kb.retrieve(kbId, dev, map("query", "租房能提取公积金吗", "top_k", 1)).json().get("chunks").get(0);
    assertThat(hit.get("metadata").get("id").asString()).isEqualTo("p-2");
    assertThat(hit.get("metadata").get("unit").asString()).isEqualTo("市公积金中心");
    assertThat(hit.get("text").asString()).contains("无房职工租房");
  }
}
