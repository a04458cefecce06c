package io.jingzhi.server.agent.tools;

import static io.jingzhi.server.support.IamFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.Postgres;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The MCP registry on a fresh database of the real PostgreSQL at 127.0.0.1:5432 (V4__mcp.sql and its queries). */
class PostgresMcpIT extends ServerIT {

  static TestMcpServer remote;

  @BeforeAll
  static void start() throws Exception {
    Services.require("PostgreSQL", Postgres.HOST, Postgres.PORT);
    remote = TestMcpServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (remote != null) {
      remote.close();
    }
  }

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    String database = Postgres.createDatabase();
    registry.add("spring.datasource.url", () -> database);
    registry.add("spring.datasource.username", Postgres::user);
    registry.add("spring.datasource.password", () -> "");
  }

  @Test
  void registerRefreshDebugAndDeleteOnPostgresql() {
    assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
    Tenant t = fx.tenant("pg-mcp");
    String project = unique("pg-mcp-proj");
    api.post("/api/v1/projects", fx.login(t.adminName()), map("code", project, "name", "项目", "org_id", t.orgId()));
    String dev = fx.login(t.devName());
    var created = api.post("/api/v1/mcp-servers", dev, map("name", unique("pg"), "project", project,
        "transport", "streamable_http", "url", remote.url(), "headers", map("Authorization", "Bearer pg")));
    assertThat(created.status()).as("create: %s", created).isEqualTo(201);
    long id = created.id();
    assertThat(api.post("/api/v1/mcp-servers/" + id + "/refresh", dev, null).json().get("version").asInt())
        .isEqualTo(1);
    assertThat(api.get("/api/v1/mcp-servers/" + id + "/versions", dev).json().get(0).get("tool_count").asInt())
        .isEqualTo(4);
    assertThat(api.post("/api/v1/mcp-servers/" + id + "/tools/echo/debug", dev, map("arguments",
        map("text", "库"))).json().get("result").get("text").asString()).isEqualTo("库");
    assertThat(api.get("/api/v1/mcp-servers", dev).json().valueStream().map(s -> s.get("name").asString()))
        .contains("jingzhi-tools");
    assertThat(api.get("/api/v1/components?q=calculator", dev).json().get(0).get("key").asString())
        .isEqualTo("jingzhi-tools/calculator");
    assertThat(api.delete("/api/v1/mcp-servers/" + id, dev).status()).isEqualTo(204);
    assertThat(jdbc.sql("select count(*) from agent_mcp_server_versions where server_id = :id").param("id", id)
        .query(Long.class).single()).isZero();
  }
}
