package io.jingzhi.agent.database;

import io.jingzhi.agent.engine.NodeFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * JDBC drivers: the bundled ones (MariaDB Connector/J, PostgreSQL, SQL Server, H2) from the application, and the
 * Hive driver, which is large and not bundled, from the jars an operator puts in {@code ${jingzhi.data-dir}/drivers}
 * (the standalone {@code hive-jdbc-<version>-standalone.jar}). Without it a Hive connection is refused with 422
 * {@code database.driver_missing}.
 */
@Component
public class DriverJars {

  private final Path directory;
  private final ConcurrentHashMap<DbKind, Driver> drivers = new ConcurrentHashMap<>();

  public DriverJars(@Value("${jingzhi.data-dir:./data}") Path dataDir) {
    this.directory = dataDir.resolve("drivers");
  }

  /** The driver of a kind, loaded once. */
  public Driver driver(DbKind kind) {
    Driver known = drivers.get(kind);
    if (known != null) {
      return known;
    }
    Driver loaded = kind == DbKind.HIVE ? fromJars(kind) : instantiate(kind.driverClass(), getClass().getClassLoader());
    drivers.putIfAbsent(kind, loaded);
    return drivers.get(kind);
  }

  private Driver fromJars(DbKind kind) {
    List<URL> jars = new ArrayList<>();
    if (Files.isDirectory(directory)) {
      try (Stream<Path> files = Files.list(directory)) {
        for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
          jars.add(jar.toUri().toURL());
        }
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (jars.isEmpty()) {
      throw missing(kind);
    }
    // one loader kept for the life of the process: the driver's classes stay in use by the pools
    URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), getClass().getClassLoader());
    return instantiate(kind.driverClass(), loader);
  }

  private Driver instantiate(String className, ClassLoader loader) {
    try {
      return (Driver) Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      throw new NodeFailure("database.driver_missing", "the JDBC driver " + className + " is not installed; put its"
          + " jar into " + directory.toAbsolutePath(), false);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create the JDBC driver " + className, e);
    }
  }

  private NodeFailure missing(DbKind kind) {
    return new NodeFailure("database.driver_missing", "the " + kind.wire() + " JDBC driver is not bundled: put its"
        + " jar (for Hive: hive-jdbc-<version>-standalone.jar) into " + directory.toAbsolutePath(), false);
  }
}
