package io.jingzhi.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/** Creates a throw-away database on the local PostgreSQL (127.0.0.1:5432, trust auth) for one test class. */
public final class Postgres {

  public static final String HOST = "127.0.0.1";
  public static final int PORT = 5432;
  private static final String ADMIN_URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/test";
  private static final String USER = System.getenv().getOrDefault("JINGZHI_TEST_PG_USER", "postgres");

  private Postgres() {}

  /** Creates a fresh database and returns its JDBC URL. */
  public static String createDatabase() {
    Services.require("PostgreSQL", HOST, PORT);
    String name = "jz_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, "")) {
      c.createStatement().execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database on PostgreSQL", e);
    }
    return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
  }

  public static String user() {
    return USER;
  }

  /** Runs one statement on a database, outside the application (to tamper with stored data, say). */
  public static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url, USER, "")) {
      c.createStatement().execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
