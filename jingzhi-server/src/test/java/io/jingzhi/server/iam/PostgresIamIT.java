package io.jingzhi.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.Postgres;
import io.jingzhi.server.support.Services;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The main identity flows on a fresh database of the real PostgreSQL at 127.0.0.1:5432. */
class PostgresIamIT extends IamFlows {

  @Autowired
  DataSource dataSource;

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

  @Override
  protected void executeDirectly(String sql) {
    try (var connection = dataSource.getConnection()) {
      Postgres.execute(connection.getMetaData().getURL(), sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theServerRunsOnPostgresql() {
    assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
  }
}
