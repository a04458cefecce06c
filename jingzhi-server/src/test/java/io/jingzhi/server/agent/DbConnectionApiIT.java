package io.jingzhi.server.agent;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * Database connections through the API on the embedded default: an H2 file database under the data directory
 * (the demo's kind). Create, read, change and delete with the password sealed and never answered; URL refusals per
 * kind; another tenant gets 404 and an API key 403; test, schema and query work on the stored connection.
 */
class DbConnectionApiIT extends ServerIT {

  @Autowired
  Environment env;

  private Tenant tenant;
  private String dev;
  private String project;
  private String h2Url;

  @BeforeEach
  void setUp() throws Exception {
    tenant = fx.tenant("dbc");
    String admin = fx.login(tenant.adminName());
    project = unique("dbc-proj");
    assertThat(api.post("/api/v1/projects", admin, map("code", project, "name", "数据项目", "org_id", tenant.orgId()))
        .status()).isEqualTo(201);
    dev = fx.login(tenant.devName());
    Path dataDir = Path.of(env.getRequiredProperty("jingzhi.data-dir"));
    Path file = dataDir.resolve("demo").resolve(unique("stats"));
    Files.createDirectories(file.getParent());
    h2Url = "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=YEAR";
    try (Connection c = DriverManager.getConnection(h2Url, "sa", "s3cret-pw")) {
      c.createStatement().execute("create table stadium (stadium_id int primary key, name varchar(50),"
          + " capacity int)");
      c.createStatement().execute("create table concert (concert_id int primary key, concert_name varchar(80),"
          + " stadium_id int references stadium (stadium_id), year varchar(4))");
      c.createStatement().execute("comment on table concert is '演唱会'");
      c.createStatement().execute("comment on column concert.concert_name is '演唱会名称'");
      c.createStatement().execute("insert into stadium values (1, '工人体育场', 60000), (2, '五棵松', 18000),"
          + " (3, '凯迪拉克中心', 18000)");
      c.createStatement().execute("insert into concert values (1, '新年音乐会', 1, '2023'), (2, '夏日', 2, '2024'),"
          + " (3, '秋韵', 1, '2024')");
    }
  }

  private Map<String, Object> h2(String name) {
    return map("name", name, "project", project, "kind", "h2", "url", h2Url, "username", "sa",
        "password", "s3cret-pw", "description", "演示库");
  }

  @Test
  void createsReadsChangesAndDeletesWithoutEverAnsweringThePassword() {
    var created = api.post("/api/v1/db-connections", dev, h2("stats"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    long id = created.id();
    assertThat(created.body()).doesNotContain("s3cret-pw");
    assertThat(created.json().has("password")).isFalse();
    assertThat(created.json().get("has_password").asBoolean()).isTrue();
    assertThat(created.json().get("read_only").asBoolean()).as("read-only by default").isTrue();
    assertThat(created.text("project")).isEqualTo(project);
    String sealed = jdbc.sql("select password_sealed from agent_db_connections where id = :id").param("id", id)
        .query(String.class).single();
    assertThat(sealed).startsWith("v1:").doesNotContain("s3cret");

    assertThat(api.get("/api/v1/db-connections", dev).body()).contains("\"stats\"").doesNotContain("s3cret-pw");
    assertThat(api.get("/api/v1/db-connections?project=" + project, dev).json().size()).isEqualTo(1);
    assertThat(api.get("/api/v1/db-connections/" + id, dev).body()).doesNotContain("s3cret-pw");

    var test = api.post("/api/v1/db-connections/" + id + "/test", dev, null);
    assertThat(test.status()).as(test.toString()).isEqualTo(200);
    assertThat(test.text("product")).isEqualTo("H2");

    var changed = api.patch("/api/v1/db-connections/" + id, dev, map("description", "改了"));
    assertThat(changed.json().get("has_password").asBoolean()).as("absent password kept").isTrue();
    assertThat(api.post("/api/v1/db-connections/" + id + "/test", dev, null).status()).isEqualTo(200);
    var wrong = api.patch("/api/v1/db-connections/" + id, dev, map("password", "wrong"));
    assertThat(wrong.json().get("has_password").asBoolean()).isTrue();
    assertProblem(api.post("/api/v1/db-connections/" + id + "/test", dev, null), 502, "database.connection_failed");
    api.patch("/api/v1/db-connections/" + id, dev, map("password", "s3cret-pw"));

    assertProblem(api.post("/api/v1/db-connections", dev, h2("stats")), 409, "db_connection.name_taken");
    assertThat(api.delete("/api/v1/db-connections/" + id, dev).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/db-connections/" + id, dev).status()).isEqualTo(404);
    long audited = jdbc.sql("select count(*) from iam_audit_events where action like 'agent.db_connection.%'"
        + " and target_id = :id").param("id", Long.toString(id)).query(Long.class).single();
    assertThat(audited).as("create, four changes, delete").isGreaterThanOrEqualTo(5);
  }

  @Test
  void refusesUrlsThatRunCodeOrReachFiles() {
    String url = "url";
    for (var bad : List.of(
        map("kind", "postgresql", url, "jdbc:postgresql://127.0.0.1/test?socketFactory=org.springframework.context"
            + ".support.ClassPathXmlApplicationContext&socketFactoryArg=http://127.0.0.1:9/x.xml"),
        map("kind", "postgresql", url, "jdbc:postgresql://127.0.0.1/test?loggerFile=/tmp/x&loggerLevel=DEBUG"),
        map("kind", "mysql", url, "jdbc:mysql://127.0.0.1/test?allowLoadLocalInfile=true"),
        map("kind", "mysql", url, "jdbc:mysql://127.0.0.1/test?autoDeserialize=true"),
        map("kind", "h2", url, "jdbc:h2:mem:x"),
        map("kind", "h2", url, h2Url + ";INIT=RUNSCRIPT_FROM_'http://127.0.0.1:9/x.sql'"),
        map("kind", "h2", url, "jdbc:h2:file:/tmp/elsewhere"),
        map("kind", "postgresql", url, "jdbc:h2:file:/tmp/x"))) {
      var body = new java.util.LinkedHashMap<String, Object>(map("name", unique("bad"), "project", project));
      body.putAll(bad);
      var res = assertProblem(api.post("/api/v1/db-connections", dev, body), 400, "validation_failed");
      assertThat(fields(res)).as("%s", bad).containsExactly("url");
    }
    var kind = assertProblem(api.post("/api/v1/db-connections", dev, map("name", "x", "project", project,
        "kind", "oracle", "url", "jdbc:oracle:thin:@x")), 400, "validation_failed");
    assertThat(fields(kind)).containsExactly("kind");
    assertThat(fields(assertProblem(api.post("/api/v1/db-connections", dev, map("name", "x", "kind", "h2",
        "url", h2Url)), 400, "validation_failed"))).containsExactly("project");
    assertProblem(api.post("/api/v1/db-connections", dev, map("name", "x", "project", "no-such-project", "kind", "h2",
        "url", h2Url)), 404, null);
    assertProblem(api.raw("POST", "/api/v1/db-connections", dev, "application/json", "{\"name\": [1,"), 400, null);
    assertThat(jdbc.sql("select count(*) from agent_db_connections c join iam_projects p on p.id = c.project_id"
        + " where p.code = :p").param("p", project).query(Long.class).single()).as("nothing stored").isZero();
  }

  @Test
  void anotherTenantGets404AndAnApiKey403() {
    long id = api.post("/api/v1/db-connections", dev, h2("stats")).id();
    Tenant other = fx.tenant("dbc-other");
    String stranger = fx.login(other.devName());
    assertProblem(api.get("/api/v1/db-connections/" + id, stranger), 404, null);
    assertProblem(api.patch("/api/v1/db-connections/" + id, stranger, map("name", "hacked")), 404, null);
    assertProblem(api.post("/api/v1/db-connections/" + id + "/query", stranger, map("sql", "select 1")), 404, null);
    assertProblem(api.get("/api/v1/db-connections/" + id + "/schema", stranger), 404, null);
    assertProblem(api.delete("/api/v1/db-connections/" + id, stranger), 404, null);
    assertProblem(api.post("/api/v1/db-connections", stranger, h2("stolen")), 404, null);
    assertThat(api.get("/api/v1/db-connections", stranger).json().size()).isZero();
    assertThat(api.get("/api/v1/db-connections/" + id, dev).text("name")).isEqualTo("stats");
  }

  @Test
  void schemaListsTablesColumnsCommentsAndKeys() {
    long id = api.post("/api/v1/db-connections", dev, h2("stats")).id();
    var schema = api.get("/api/v1/db-connections/" + id + "/schema", dev);
    assertThat(schema.status()).as(schema.toString()).isEqualTo(200);
    JsonNode concert = table(schema.json(), "concert");
    assertThat(concert.get("comment").asString()).isEqualTo("演唱会");
    assertThat(concert.get("primary_key").get(0).asString()).isEqualTo("concert_id");
    assertThat(concert.get("foreign_keys").get(0).get("referenced_table").asString()).isEqualTo("stadium");
    JsonNode name = concert.get("columns").valueStream().filter(c -> c.get("name").asString().equals("concert_name"))
        .findFirst().orElseThrow();
    assertThat(name.get("comment").asString()).isEqualTo("演唱会名称");
    assertThat(name.get("type").asString()).containsIgnoringCase("CHAR");
    assertThat(name.get("samples").valueStream().map(JsonNode::asString)).contains("新年音乐会");
  }

  @Test
  void queriesBindParametersCapRowsAndRefuseWrites() {
    long id = api.post("/api/v1/db-connections", dev, h2("stats")).id();
    String q = "/api/v1/db-connections/" + id + "/query";
    var bound = api.post(q, dev, map("sql", "select name, capacity from stadium where name = {{name}}",
        "params", map("name", "'; DROP TABLE stadium; --")));
    assertThat(bound.status()).as(bound.toString()).isEqualTo(200);
    assertThat(bound.json().get("row_count").asInt()).isZero();
    var capped = api.post(q, dev, map("sql", "select name, capacity from stadium order by stadium_id",
        "row_limit", 2));
    assertThat(capped.json().get("row_count").asInt()).isEqualTo(2);
    assertThat(capped.json().get("truncated").asBoolean()).isTrue();
    assertThat(capped.json().get("chart").get("type").asString()).isEqualTo("pie");
    assertThat(capped.json().get("markdown").asString()).contains("| 工人体育场 | 60000 |");
    var byYear = api.post(q, dev, map("sql", "select year, count(*) as concerts from concert group by year"
        + " order by year"));
    assertThat(byYear.json().get("chart").get("type").asString()).isEqualTo("line");
    assertProblem(api.post(q, dev, map("sql", "delete from stadium")), 422, "database.read_only");
    assertProblem(api.post(q, dev, map("sql", "select 1; drop table stadium")), 422, "database.read_only");
    assertProblem(api.post(q, dev, map("sql", "selec * frm stadium")), 422, "database.invalid_sql");
    assertProblem(api.post(q, dev, map("sql", "delete from stadium where (")), 422, "database.read_only");
    assertThat(fields(assertProblem(api.post(q, dev, map("sql", "select {{x}}")), 400, "validation_failed")))
        .containsExactly("params.x");
    assertThat(fields(assertProblem(api.post(q, dev, map()), 400, "validation_failed"))).containsExactly("sql");
    assertThat(fields(assertProblem(api.post(q, dev, map("question", "几个场馆？")), 400, "validation_failed")))
        .containsExactly("model");
    assertThat(api.post(q, dev, map("sql", "select count(*) as n from stadium")).json().get("rows").get(0).get("n")
        .asInt()).as("nothing was dropped").isEqualTo(3);
  }

  @Test
  void hiveWithoutItsDriverAnswersAClear422() {
    var hive = api.post("/api/v1/db-connections", dev, map("name", "数仓", "project", project, "kind", "hive",
        "url", "jdbc:hive2://127.0.0.1:10000/default"));
    assertThat(hive.status()).as(hive.toString()).isEqualTo(201);
    var res = assertProblem(api.post("/api/v1/db-connections/" + hive.id() + "/test", dev, null), 422,
        "database.driver_missing");
    assertThat(res.text("detail")).contains("drivers").contains("hive-jdbc");
    assertProblem(api.post("/api/v1/db-connections/" + hive.id() + "/query", dev, map("sql", "select 1")), 422,
        "database.driver_missing");
  }

  private static JsonNode table(JsonNode schema, String name) {
    return schema.get("tables").valueStream().filter(t -> t.get("name").asString().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no table " + name + " in " + schema));
  }
}
