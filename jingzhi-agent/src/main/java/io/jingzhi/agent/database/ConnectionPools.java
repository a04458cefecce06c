package io.jingzhi.agent.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jingzhi.common.crypto.SecretBox;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.stereotype.Component;

/**
 * One small HikariCP pool per stored connection (at most three connections, none kept idle for long), made on
 * first use and closed when the connection changes or is deleted. Drivers are given as instances
 * ({@link DriverJars}), not looked up through {@code DriverManager}, so a URL reaches exactly the driver of its
 * kind. Settings that could weaken the read-only checks are forced off in the driver properties as well.
 */
@Component
public class ConnectionPools implements DisposableBean {

  private final Map<Long, Entry> pools = new ConcurrentHashMap<>();
  private final DriverJars drivers;
  private final SecretBox secrets;
  private final DbConnectionRepository repository;

  ConnectionPools(DriverJars drivers, SecretBox secrets, DbConnectionRepository repository) {
    this.drivers = drivers;
    this.secrets = secrets;
    this.repository = repository;
  }

  private record Entry(Instant version, HikariDataSource pool) {}

  /** The pool of a connection as stored now (a changed connection gets a fresh pool). */
  public DataSource dataSource(DbConnection connection) {
    return pools.compute(connection.id(), (id, old) -> {
      if (old != null && old.version().equals(connection.updatedAt()) && !old.pool().isClosed()) {
        return old;
      }
      if (old != null) {
        old.pool().close();
      }
      return new Entry(connection.updatedAt(), create(connection));
    }).pool();
  }

  /** Closes the pool of a changed or deleted connection. */
  public void evict(long id) {
    Entry old = pools.remove(id);
    if (old != null) {
      old.pool().close();
    }
  }

  @Override
  public void destroy() {
    pools.keySet().forEach(this::evict);
  }

  private HikariDataSource create(DbConnection c) {
    DbKind kind = c.dbKind();
    String url = kind.driverUrl(c.url());
    if (kind == DbKind.H2 && c.readOnly() && !url.toUpperCase(java.util.Locale.ROOT).contains("ACCESS_MODE_DATA")) {
      url = url + ";ACCESS_MODE_DATA=r"; // H2 ignores Connection.setReadOnly: open the file read-only instead
    }
    Properties properties = new Properties();
    if (c.username() != null && !c.username().isBlank()) {
      properties.setProperty("user", c.username());
    }
    String password = repository.sealedPassword(c.id()).map(secrets::decrypt).orElse(null);
    if (password != null) {
      properties.setProperty("password", password);
    }
    switch (kind) {
      case MYSQL, MARIADB -> {
        properties.setProperty("allowLocalInfile", "false");
        properties.setProperty("allowMultiQueries", "false");
        properties.setProperty("connectTimeout", "10000");
      }
      case POSTGRESQL, OPENGAUSS -> properties.setProperty("connectTimeout", "10");
      case SQLSERVER -> properties.setProperty("loginTimeout", "10");
      default -> { }
    }
    HikariConfig config = new HikariConfig();
    config.setDataSource(new SimpleDriverDataSource(drivers.driver(kind), url, properties));
    config.setPoolName("agent-db-" + c.id());
    config.setMaximumPoolSize(3);
    config.setMinimumIdle(0);
    config.setIdleTimeout(60_000);
    config.setMaxLifetime(600_000);
    config.setConnectionTimeout(15_000);
    config.setInitializationFailTimeout(-1); // a database that is down fails the query, not the pool's creation
    if (kind != DbKind.HIVE) { // Hive has neither transactions nor a read-only mode: its driver refuses both
      config.setReadOnly(c.readOnly());
      config.setAutoCommit(false);
    }
    return new HikariDataSource(config);
  }
}
