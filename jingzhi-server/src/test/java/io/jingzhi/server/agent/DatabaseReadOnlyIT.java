package io.jingzhi.server.agent;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.Postgres;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.Services;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The read-only rules of database connections against the real PostgreSQL and MariaDB on localhost (skipped when
 * absent, failing with REQUIRE_SERVICES=true), through {@code POST /db-connections/{id}/query}, the database node's
 * own path: every kind of write is refused and the rows stay; the read-only transaction stops what the SQL checks
 * let through; rows are capped; references are bound as data; a slow query times out; the schema lists comments
 * and keys.
 */
class DatabaseReadOnlyIT extends ServerIT {

  private String dev;
  private String project;

  @BeforeEach
  void setUp() {
    Tenant t = fx.tenant("dbro");
    String admin = fx.login(t.adminName());
    project = unique("dbro-proj");
    api.post("/api/v1/projects", admin, map("code", project, "name", "只读项目", "org_id", t.orgId()));
    dev = fx.login(t.devName());
  }

  @Test
  void postgresql() throws SQLException {
    String url = Postgres.createDatabase();
    try (Connection c = DriverManager.getConnection(url, Postgres.user(), "")) {
      for (String sql : List.of(
          "create table singer (singer_id int primary key, name varchar(50), country varchar(50), age int)",
          "comment on table singer is '歌手'", "comment on column singer.name is '姓名'",
          "create table concert (concert_id int primary key, concert_name varchar(80),"
              + " singer_id int references singer (singer_id))",
          "create sequence ticket_no")) {
        c.createStatement().execute(sql);
      }
      insertRows(c);
    }
    long id = connection("postgresql", url, Postgres.user());
    // a write the SQL checks do not know: the read-only transaction refuses it
    assertProblem(query(id, map("sql", "select nextval('ticket_no')")), 422, "database.read_only");
    exercise(id, "select pg_sleep(5)", () -> count(url, Postgres.user()));
  }

  @Test
  void mariadb() throws SQLException {
    Services.require("MariaDB", "127.0.0.1", 3306);
    String db = "jz_dbro_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test", "root", "")) {
      c.createStatement().execute("create database " + db + " character set utf8mb4");
    }
    String url = "jdbc:mariadb://127.0.0.1:3306/" + db;
    try {
      try (Connection c = DriverManager.getConnection(url, "root", "")) {
        c.createStatement().execute("create table singer (singer_id int primary key, name varchar(50) comment '姓名',"
            + " country varchar(50), age int) comment '歌手'");
        c.createStatement().execute("create table concert (concert_id int primary key, concert_name varchar(80),"
            + " singer_id int, foreign key (singer_id) references singer (singer_id))");
        insertRows(c);
      }
      long id = connection("mariadb", url, "root");
      assertProblem(query(id, map("sql", "select load_file('/etc/passwd')")), 422, "database.read_only");
      exercise(id, "select sleep(5)", () -> count(url, "root"));
    } finally {
      try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test", "root", "")) {
        c.createStatement().execute("drop database " + db);
      }
    }
  }

  private void exercise(long id, String slowSql, java.util.function.IntSupplier rows) {
    List<String> refused = new ArrayList<>();
    for (String sql : List.of(
        "insert into singer values (9, 'x', 'y', 1)",
        "update singer set age = 0",
        "delete from singer",
        "drop table singer",
        "create table evil (a int)",
        "alter table singer add column evil int",
        "truncate table singer",
        "select 1; delete from singer",
        "select * into backup from singer",
        "with gone as (delete from singer returning *) select * from gone",
        "select * from singer for update",
        "select pg_read_file('/etc/passwd')")) {
      var res = query(id, map("sql", sql));
      if (res.status() != 422 || !res.text("code").equals("database.read_only")) {
        refused.add(sql + " → " + res);
      }
    }
    assertThat(refused).as("statements that were not refused").isEmpty();
    assertThat(rows.getAsInt()).as("every row is still there").isEqualTo(5);

    var capped = query(id, map("sql", "select name, age from singer order by singer_id", "row_limit", 3));
    assertThat(capped.status()).as(capped.toString()).isEqualTo(200);
    assertThat(capped.json().get("row_count").asInt()).isEqualTo(3);
    assertThat(capped.json().get("truncated").asBoolean()).isTrue();
    var all = query(id, map("sql", "select name, age from singer order by singer_id", "row_limit", 10));
    assertThat(all.json().get("row_count").asInt()).isEqualTo(5);
    assertThat(all.json().get("truncated").asBoolean()).isFalse();
    assertThat(all.json().get("columns").get(1).get("name").asString()).isEqualTo("age");
    assertThat(all.json().get("chart").get("type").asString()).as("a text and a number, few rows").isEqualTo("pie");

    String byName = "select name, country from singer where name = {{name}} and age > {{age}}";
    var injected = query(id, map("sql", byName, "params", map("name", "'; DROP TABLE singer; --", "age", 0)));
    assertThat(injected.status()).as(injected.toString()).isEqualTo(200);
    assertThat(injected.json().get("row_count").asInt()).isZero();
    var found = query(id, map("sql", byName, "params", map("name", "张三", "age", 18)));
    assertThat(found.json().get("rows").get(0).get("country").asString()).isEqualTo("中国");
    assertThat(rows.getAsInt()).isEqualTo(5);

    assertProblem(query(id, map("sql", slowSql, "timeout_ms", 1000)), 504, "database.timeout");

    var schema = api.get("/api/v1/db-connections/" + id + "/schema", dev);
    assertThat(schema.status()).as(schema.toString()).isEqualTo(200);
    JsonNode singer = table(schema.json(), "singer");
    assertThat(singer.get("comment").asString()).isEqualTo("歌手");
    assertThat(singer.get("primary_key").get(0).asString()).isEqualTo("singer_id");
    assertThat(singer.get("columns").valueStream().filter(c -> c.get("name").asString().equals("name"))
        .findFirst().orElseThrow().get("comment").asString()).isEqualTo("姓名");
    assertThat(table(schema.json(), "concert").get("foreign_keys").get(0).get("referenced_table").asString())
        .isEqualTo("singer");

    // a writable connection runs its one statement, and still only one
    assertThat(api.patch("/api/v1/db-connections/" + id, dev, map("read_only", false)).status()).isEqualTo(200);
    var update = query(id, map("sql", "update singer set age = age + 1 where singer_id = {{id}}", "params",
        map("id", 1)));
    assertThat(update.status()).as(update.toString()).isEqualTo(200);
    assertThat(update.json().get("rows").get(0).get("updated_rows").asInt()).isEqualTo(1);
    assertProblem(query(id, map("sql", "update singer set age = 1; delete from singer")), 422, "database.read_only");
    assertThat(rows.getAsInt()).isEqualTo(5);
  }

  private io.jingzhi.server.support.TestApi.Res query(long id, Object body) {
    return api.post("/api/v1/db-connections/" + id + "/query", dev, body);
  }

  private long connection(String kind, String url, String user) {
    var res = api.post("/api/v1/db-connections", dev, map("name", unique(kind), "project", project, "kind", kind,
        "url", url, "username", user, "password", ""));
    assertThat(res.status()).as(res.toString()).isEqualTo(201);
    var test = api.post("/api/v1/db-connections/" + res.id() + "/test", dev, null);
    assertThat(test.status()).as(test.toString()).isEqualTo(200);
    assertThat(test.text("version")).isNotBlank();
    return res.id();
  }

  private static void insertRows(Connection c) throws SQLException {
    c.createStatement().execute("insert into singer values (1, '张三', '中国', 30), (2, '李四', '中国', 25),"
        + " (3, 'Tom', 'USA', 41), (4, 'Anna', 'Sweden', 33), (5, '王五', '中国', 52)");
    c.createStatement().execute("insert into concert values (1, '新年音乐会', 1), (2, '夏日', 3)");
  }

  private static int count(String url, String user) {
    try (Connection c = DriverManager.getConnection(url, user, "")) {
      var rs = c.createStatement().executeQuery("select count(*) from singer");
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode table(JsonNode schema, String name) {
    return schema.get("tables").valueStream().filter(t -> t.get("name").asString().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no table " + name + " in " + schema));
  }
}
