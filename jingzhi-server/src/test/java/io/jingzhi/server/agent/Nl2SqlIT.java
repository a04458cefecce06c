package io.jingzhi.server.agent;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.Postgres;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.Services;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * NL2SQL through {@code POST /db-connections/{id}/query} on CSpider schemas loaded into the real PostgreSQL and
 * MariaDB: schema linking, the prompt, the model call through the gateway as the caller, SQL extraction, the
 * read-only checks, execution and the repair round. The model is the project's SIMULATOR, scripted to answer the
 * gold SQL for each question: only the plumbing is tested here; accuracy needs a real model (Nl2SqlEval).
 */
class Nl2SqlIT extends ServerIT {

  private static final Pattern TABLE_NAMES = Pattern.compile("(?i)\\b(?:from|join)\\s+(\\w+)");
  private static final String REPAIRED = "```sql\nSELECT name FROM singer ORDER BY age LIMIT 1\n```\n修正后按年龄取最年轻的歌手。";

  static Simulator sim;

  private String dev;
  private String project;

  @BeforeAll
  static void startSimulator() throws Exception {
    sim = Simulator.start(new SimulatorConfig(0, 0, 8, 0, 0, true, true, 16, List.of("nl2sql-chat")), 0);
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @BeforeEach
  void setUp() {
    sim.clearScripts();
    var model = api.post("/api/v1/models", adminToken(), map("name", "nl2sql-chat", "kind", "chat", "simulated", true,
        "endpoints", List.of(map("url", sim.baseUrl()))));
    assertThat(model.status()).as(model.toString()).isIn(201, 409);
    Tenant t = fx.tenant("nl2sql");
    String admin = fx.login(t.adminName());
    project = unique("nl2sql-proj");
    api.post("/api/v1/projects", admin, map("code", project, "name", "问数项目", "org_id", t.orgId()));
    dev = fx.login(t.devName());
  }

  @Test
  void postgresql() throws SQLException {
    String url = Postgres.createDatabase();
    try (Connection c = DriverManager.getConnection(url, Postgres.user(), "")) {
      c.createStatement().execute("create schema concert_singer");
      c.createStatement().execute("set search_path to concert_singer");
      load(c, "postgresql");
    }
    long id = connection("postgresql", url + "?currentSchema=concert_singer", Postgres.user());
    answersEveryQuestion(id, url + "?currentSchema=concert_singer", Postgres.user(), "PostgreSQL");
    refusesAGeneratedWrite(id, () -> count(url + "?currentSchema=concert_singer", Postgres.user()));
  }

  @Test
  void mariadb() throws SQLException {
    Services.require("MariaDB", "127.0.0.1", 3306);
    String db = "jz_cs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test", "root", "")) {
      c.createStatement().execute("create database " + db + " character set utf8mb4");
    }
    String url = "jdbc:mariadb://127.0.0.1:3306/" + db;
    try {
      try (Connection c = DriverManager.getConnection(url, "root", "")) {
        load(c, "mariadb");
      }
      long id = connection("mariadb", url, "root");
      answersEveryQuestion(id, url, "root", "MariaDB");
      refusesAGeneratedWrite(id, () -> count(url, "root"));
    } finally {
      try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test", "root", "")) {
        c.createStatement().execute("drop database " + db);
      }
    }
  }

  @Test
  void linksEnglishQuestionsToTheirTablesAcrossSeveralSchemas() throws SQLException {
    String url = Postgres.createDatabase();
    List<CspiderSchemas.Question> questions = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, Postgres.user(), "")) {
      for (String dbId : List.of("concert_singer", "world_1", "cre_Doc_Template_Mgt")) {
        for (String sql : CspiderSchemas.ddl(dbId, "postgresql")) {
          c.createStatement().execute(sql); // eleven tables side by side in one schema: linking has to choose
        }
        questions.addAll(CspiderSchemas.questions(dbId));
      }
    }
    long id = connection("postgresql", url, Postgres.user());
    assertThat(api.get("/api/v1/db-connections/" + id + "/schema", dev).json().get("tables").size()).isEqualTo(11);
    int linked = 0;
    List<String> misses = new ArrayList<>();
    for (var q : questions) {
      sim.clearScripts();
      sim.script("没有通过", "```sql\nSELECT 1\n```"); // gold SQL PostgreSQL refuses still links
      sim.script(q.en(), "```sql\n" + q.gold() + "\n```");
      var res = api.post("/api/v1/db-connections/" + id + "/query", dev, map("question", q.en(), "model",
          "nl2sql-chat"));
      assertThat(res.status()).as(res.toString()).isEqualTo(200);
      Set<String> given = new TreeSet<>();
      res.json().get("linked_tables").forEach(n -> given.add(n.asString()));
      assertThat(given.size()).as("the best five and their join partners, not all eleven").isLessThanOrEqualTo(10);
      if (given.containsAll(tables(q.gold()))) {
        linked++;
      } else {
        misses.add(q.id() + " " + tables(q.gold()) + " not in " + given);
      }
    }
    assertThat(linked).as("gold tables among the linked ones; misses: %s", misses)
        .isGreaterThanOrEqualTo((int) Math.ceil(questions.size() * 0.9));
  }

  /**
   * Every concert_singer question, scripted with its gold SQL. Gold SQL written for SQLite does not always run
   * elsewhere (PostgreSQL refuses comparing text with numbers): where it fails when run directly, the pipeline must
   * have taken the repair round, whose scripted answer then ran.
   */
  private void answersEveryQuestion(long id, String url, String user, String dialect) {
    List<String> problems = new ArrayList<>();
    int direct = 0;
    for (var q : CspiderSchemas.questions("concert_singer")) {
      sim.clearScripts();
      sim.script("没有通过", REPAIRED);
      sim.script(q.zh(), "```sql\n" + q.gold() + "\n```\n这是标准答案。");
      boolean runs = runs(url, user, q.gold());
      direct += runs ? 1 : 0;
      var res = api.post("/api/v1/db-connections/" + id + "/query", dev, map("question", q.zh(), "model",
          "nl2sql-chat", "row_limit", 50));
      if (res.status() != 200) {
        problems.add(q.id() + " → " + res);
        continue;
      }
      int attempts = res.json().get("attempts").asInt();
      String sql = res.text("sql");
      if (runs ? attempts != 1 || !sql.equals(q.gold()) : attempts != 2 || !sql.contains("LIMIT 1")) {
        problems.add(q.id() + " (gold runs: " + runs + ") attempts " + attempts + " sql " + sql);
      }
      if (runs && !res.text("explanation").equals("这是标准答案。")) {
        problems.add(q.id() + " explanation " + res.text("explanation"));
      }
      if (res.json().get("linked_tables").size() != 4) {
        problems.add(q.id() + " linked " + res.json().get("linked_tables"));
      }
      assertThat(res.json().get("usage").get("completion_tokens").asInt()).isPositive();
    }
    assertThat(problems).isEmpty();
    assertThat(direct).as("gold statements that run as written on " + dialect).isPositive();
    sim.clearScripts();
    String question = "按年龄降序，每个歌手的名字、国家、年龄是什么？";
    sim.script(question, "```sql\nSELECT name, country, age FROM singer ORDER BY age DESC\n```");
    var ordered = api.post("/api/v1/db-connections/" + id + "/query", dev, map("question", question,
        "model", "nl2sql-chat"));
    assertThat(ordered.json().get("rows").valueStream().map(r -> r.get("name").asString()).toList())
        .containsExactly("王五", "Tom", "张三", "李四");
    assertThat(ordered.json().get("chart").get("type").asString()).isEqualTo("table");
    var request = sim.stats().lastChatRequest().get("messages");
    assertThat(request.get(1).get("content").asString()).contains("CREATE TABLE singer").contains("问题：按年龄降序")
        .contains("e.g. '张三'");
    assertThat(request.get(0).get("content").asString()).contains(dialect);
  }

  private static boolean runs(String url, String user, String sql) {
    try (Connection c = DriverManager.getConnection(url, user, "")) {
      c.createStatement().executeQuery(sql).close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private void refusesAGeneratedWrite(long id, java.util.function.IntSupplier rows) {
    sim.clearScripts();
    sim.script("删掉所有歌手", "```sql\nDELETE FROM singer\n```");
    sim.script("没有通过", "```sql\nWITH gone AS (DELETE FROM singer RETURNING *) SELECT * FROM gone\n```");
    var res = api.post("/api/v1/db-connections/" + id + "/query", dev, map("question", "删掉所有歌手", "model",
        "nl2sql-chat"));
    assertProblem(res, 422, "database.read_only");
    assertThat(rows.getAsInt()).isEqualTo(4);
    assertProblem(api.post("/api/v1/db-connections/" + id + "/query", dev, map("question", "删掉所有歌手", "model",
        "no-such-model")), 404, "model_call.model_not_found");
  }

  private void load(Connection c, String dialect) throws SQLException {
    for (String sql : CspiderSchemas.ddl("concert_singer", dialect)) {
      c.createStatement().execute(sql);
    }
    // the set has no rows: a few, so that execution answers something to compare
    c.createStatement().execute("insert into singer (singer_id, name, country, song_name, song_release_year, age,"
        + " is_male) values (1, '张三', '中国', '春天', '2014', 30, 'T'), (2, '李四', '中国', '夏天', '2016', 25, 'F'),"
        + " (3, 'Tom', 'USA', 'Snow', '2003', 41, 'T'), (4, '王五', '中国', '秋天', '2008', 52, 'T')");
    c.createStatement().execute("insert into stadium (stadium_id, location, name, capacity) values"
        + " (1, '北京', '工人体育场', 60000), (2, '上海', '梅赛德斯中心', 8000)");
    c.createStatement().execute("insert into concert (concert_id, concert_name, theme, stadium_id, year) values"
        + " (1, '新年', '欢乐', '1', '2014'), (2, '夏日', '青春', '2', '2015')");
  }

  private long connection(String kind, String url, String user) {
    var res = api.post("/api/v1/db-connections", dev, map("name", unique(kind), "project", project, "kind", kind,
        "url", url, "username", user));
    assertThat(res.status()).as(res.toString()).isEqualTo(201);
    return res.id();
  }

  private static Set<String> tables(String sql) {
    Set<String> out = new TreeSet<>();
    Matcher m = TABLE_NAMES.matcher(sql);
    while (m.find()) {
      out.add(m.group(1).toLowerCase(Locale.ROOT));
    }
    return out;
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
}
