package io.jingzhi.agent.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

/**
 * H2 file databases declared by the bootstrap file: where a relative path lies (under the data directory), whether
 * the database exists yet, and creating it from a seed script. A seed runs only for a database that does not exist,
 * so a demo database is built once and never overwritten; a failed seed leaves no half-built file behind.
 */
final class H2Seed {

  private static final String FILE = "file:";

  private H2Seed() {}

  /**
   * The URL with its file path made absolute: a relative path is taken under the data directory, unless it already
   * lies there read from the working directory (a {@code ${JINGZHI_DATA_DIR}/...} path with a relative data
   * directory). URLs that are not H2 file URLs come back unchanged (the URL check refuses them later).
   */
  static String absolute(String url, Path dataDir) {
    if (url == null || !url.regionMatches(true, 0, DbKind.H2.prefix(), 0, DbKind.H2.prefix().length())) {
      return url;
    }
    String rest = url.substring(DbKind.H2.prefix().length());
    int semicolon = rest.indexOf(';');
    String location = semicolon < 0 ? rest : rest.substring(0, semicolon);
    String settings = semicolon < 0 ? "" : rest.substring(semicolon);
    if (location.regionMatches(true, 0, FILE, 0, FILE.length())) {
      location = location.substring(FILE.length());
    } else if (location.toLowerCase(Locale.ROOT).matches("^[a-z]{2,}:.*")) {
      return url; // mem:, tcp: ...: refused by the URL check
    }
    if (location.isBlank() || location.startsWith("~") || location.contains("..")) {
      return url;
    }
    Path path = Path.of(location);
    if (!path.isAbsolute()) {
      Path root = dataDir.toAbsolutePath().normalize();
      Path fromWorkingDir = path.toAbsolutePath().normalize();
      path = fromWorkingDir.startsWith(root) && !fromWorkingDir.equals(root) ? fromWorkingDir
          : root.resolve(path).normalize();
    }
    return DbKind.H2.prefix() + FILE + path + settings;
  }

  /** The database file of an H2 file URL (absolute, as {@link #absolute} makes it), or null for another URL. */
  static Path databaseFile(String url) {
    String prefix = DbKind.H2.prefix() + FILE;
    if (url == null || !url.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return null;
    }
    String rest = url.substring(prefix.length());
    int semicolon = rest.indexOf(';');
    return Path.of((semicolon < 0 ? rest : rest.substring(0, semicolon)) + ".mv.db");
  }

  /** True when the H2 file database of this URL does not exist yet (so a seed may create it). */
  static boolean missing(String url) {
    Path file = databaseFile(url);
    return file != null && !Files.exists(file);
  }

  /**
   * Creates the database by running the script (UTF-8) as the connection's user, who becomes its owner. On failure
   * the new files are removed, so the next start tries again.
   */
  static void create(java.sql.Driver driver, String url, String username, String password, Path script) {
    Path file = databaseFile(url);
    Properties properties = new Properties();
    properties.setProperty("user", username == null ? "" : username);
    properties.setProperty("password", password == null ? "" : password);
    try (Connection c = driver.connect(url, properties); Statement s = c.createStatement()) {
      s.execute("RUNSCRIPT FROM '" + script.toAbsolutePath().toString().replace("'", "''") + "' CHARSET 'UTF-8'");
    } catch (SQLException e) {
      IllegalStateException failed = new IllegalStateException("the seed " + script.getFileName() + " failed: "
          + e.getMessage(), e);
      try {
        Files.deleteIfExists(file);
      } catch (IOException notRemoved) {
        failed.addSuppressed(notRemoved); // the next start then finds a database and does not seed: say so
      }
      throw failed;
    }
  }
}
