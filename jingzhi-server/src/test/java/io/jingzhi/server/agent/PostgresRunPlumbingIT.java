package io.jingzhi.server.agent;

import io.jingzhi.server.support.Postgres;
import io.jingzhi.server.support.Services;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The run side's tests on a fresh database of the real PostgreSQL at 127.0.0.1:5432 (migration, queries, stats). */
class PostgresRunPlumbingIT extends RunPlumbingIT {

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
}
