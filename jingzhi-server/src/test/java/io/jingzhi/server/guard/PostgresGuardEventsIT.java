package io.jingzhi.server.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.Postgres;
import io.jingzhi.server.support.Services;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The guard-event suite (store, search, statistics, retention) on a fresh database of the real PostgreSQL. */
class PostgresGuardEventsIT extends GuardEventsIT {

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
  void eventsAreStoredInPostgresql() {
    assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
  }
}
