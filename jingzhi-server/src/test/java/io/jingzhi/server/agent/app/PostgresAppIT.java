package io.jingzhi.server.agent.app;

import static io.jingzhi.server.agent.app.AppWorld.app;
import static io.jingzhi.server.agent.app.AppWorld.workflow;
import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.Multipart;
import io.jingzhi.server.support.Postgres;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.Services;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The apps flow on a fresh database of the real PostgreSQL at 127.0.0.1:5432: the migration and every query. */
class PostgresAppIT extends ServerIT {

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
  void createPublishSearchFavouriteCopyExportImportAndDeleteOnPostgresql() throws Exception {
    assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
    AppWorld w = AppWorld.build(api, fx);
    String code = unique("pg").toLowerCase();
    Map<String, Object> definition = workflow("pg-secret");
    List<Object> nodes = new java.util.ArrayList<>((List<?>) definition.get("nodes"));
    nodes.add(1, map("id", "stats", "type", "database", "config", map("connection", "demo-stats", "mode", "sql",
        "sql", "select 1")));
    definition.put("nodes", nodes);
    definition.put("edges", List.of(map("source", "start", "target", "stats"), map("source", "stats",
        "target", "answer")));
    var created = api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project(), "sharing", "org",
        "tags", List.of("数据库"), "definition", definition));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertProblem(api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project())), 409,
        "app.code_taken");
    assertThat(api.post("/api/v1/apps/" + code + "/publish", w.officeDev(), map("note", "pg")).json()
        .get("version").asInt()).isEqualTo(1);
    assertThat(api.get("/api/v1/apps/" + code + "/versions/1", w.officeDev()).body()).doesNotContain("pg-secret");
    api.put("/api/v1/apps/" + code + "/favourite", w.siblingDev(), null);
    var found = api.get("/api/v1/apps?q=" + code.toUpperCase() + "&tag=数据库&sort=favourites", w.siblingDev())
        .json().get("items");
    assertThat(found.size()).isEqualTo(1);
    assertThat(found.get(0).get("favourites").asLong()).isEqualTo(1);
    assertThat(found.get(0).get("views").asLong()).isZero();
    assertThat(api.get("/api/v1/apps/" + code, w.siblingDev()).json().get("views").asLong()).isEqualTo(1);

    String copy = unique("pgc").toLowerCase();
    assertThat(api.post("/api/v1/apps/" + code + "/copy", w.officeDev(), map("code", copy, "project",
        w.project())).status()).isEqualTo(201);
    Multipart files = new Multipart(port);
    byte[] tar = files.download("/api/v1/apps/" + code + "/export", w.officeDev()).body();
    String imported = unique("pgi").toLowerCase();
    var res = files.upload("/api/v1/apps/import?project=" + w.project() + "&code=" + imported, w.officeDev(),
        "a.tar", tar);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    var answer = JsonMapper.builder().build().readTree(res.body());
    assertThat(answer.get("components").get(0).get("name").asString()).isEqualTo("demo-stats");
    assertThat(api.get("/api/v1/apps/" + imported + "/draft", w.officeDev()).json().get("definition")
        .get("nodes")).isEqualTo(api.get("/api/v1/apps/" + code + "/draft", w.officeDev()).json()
        .get("definition").get("nodes"));

    assertThat(api.delete("/api/v1/apps/" + code, w.officeDev()).status()).isEqualTo(204);
    assertProblem(api.get("/api/v1/apps/" + code, w.officeDev()), 404, "app.not_found");
    assertThat(api.get("/api/v1/apps/" + copy, w.officeDev()).status()).isEqualTo(200);
  }
}
