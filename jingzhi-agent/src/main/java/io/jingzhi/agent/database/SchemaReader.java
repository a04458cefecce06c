package io.jingzhi.agent.database;

import io.jingzhi.agent.engine.NodeFailure;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Reads a connection's schema through {@link DatabaseMetaData} (so every driver answers the same way): the tables
 * and views of the current database (MySQL/MariaDB catalog) or schema (PostgreSQL, SQL Server), their columns with
 * comments, primary and foreign keys, and up to three sample rows per table for schema linking. Cached for a
 * minute per connection version: NL2SQL asks for it on every question.
 */
@Component
public class SchemaReader {

  static final int MAX_TABLES = 300;
  static final int SAMPLE_ROWS = 3;
  static final int SAMPLED_TABLES = 60;
  private static final Duration TTL = Duration.ofMinutes(1);

  private final ConnectionPools pools;
  private final Clock clock;
  private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

  SchemaReader(ConnectionPools pools, Clock clock) {
    this.pools = pools;
    this.clock = clock;
  }

  private record Cached(Instant version, Instant readAt, DbSchema schema) {}

  public DbSchema schema(DbConnection connection) {
    Cached hit = cache.get(connection.id());
    Instant now = clock.instant();
    if (hit != null && hit.version().equals(connection.updatedAt()) && hit.readAt().plus(TTL).isAfter(now)) {
      return hit.schema();
    }
    DbSchema schema = read(pools.dataSource(connection), connection.dbKind());
    cache.put(connection.id(), new Cached(connection.updatedAt(), now, schema));
    return schema;
  }

  public void evict(long connectionId) {
    cache.remove(connectionId);
  }

  /** Reads the schema of one JDBC connection source (also used by the NL2SQL evaluation). */
  public static DbSchema read(DataSource source, DbKind kind) {
    try (Connection c = source.getConnection()) {
      try {
        return read(c, kind);
      } finally {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
      }
    } catch (SQLException e) {
      throw new NodeFailure("database.connection_failed", "cannot read the schema: " + QueryRunner.message(e), true,
          e);
    }
  }

  static DbSchema read(Connection c, DbKind kind) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    boolean catalogs = kind == DbKind.MYSQL || kind == DbKind.MARIADB;
    String catalog = catalogs ? c.getCatalog() : null;
    String schema = catalogs ? null : currentSchema(c, kind);
    List<String[]> names = new ArrayList<>();
    boolean truncated = false;
    try (ResultSet rs = meta.getTables(catalog, schema, "%", new String[] {"TABLE", "VIEW"})) {
      while (rs.next()) {
        if (names.size() == MAX_TABLES) {
          truncated = true;
          break;
        }
        names.add(new String[] {rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE"), rs.getString("REMARKS")});
      }
    }
    List<DbSchema.Table> tables = new ArrayList<>();
    for (String[] t : names) {
      List<DbSchema.Column> columns = columns(meta, catalog, schema, t[0]);
      Map<String, List<String>> samples = tables.size() < SAMPLED_TABLES ? samples(c, meta, kind, schema, t[0])
          : Map.of();
      columns = columns.stream().map(col -> new DbSchema.Column(col.name(), col.type(), col.nullable(),
          col.comment(), samples.getOrDefault(col.name(), List.of()))).toList();
      tables.add(new DbSchema.Table(t[0], t[1].toLowerCase(Locale.ROOT), blankToNull(t[2]), columns,
          primaryKey(meta, catalog, schema, t[0]), foreignKeys(meta, catalog, schema, t[0])));
    }
    return new DbSchema(catalogs ? catalog : schema, tables, truncated);
  }

  private static String currentSchema(Connection c, DbKind kind) {
    try {
      String s = c.getSchema();
      if (s != null) {
        return s;
      }
    } catch (SQLException | AbstractMethodError ignored) {
      // older drivers do not know getSchema
    }
    return switch (kind) {
      case POSTGRESQL, OPENGAUSS -> "public";
      case SQLSERVER -> "dbo";
      case H2 -> "PUBLIC";
      default -> null;
    };
  }

  private static List<DbSchema.Column> columns(DatabaseMetaData meta, String catalog, String schema, String table)
      throws SQLException {
    List<DbSchema.Column> columns = new ArrayList<>();
    try (ResultSet rs = meta.getColumns(catalog, schema, escape(meta, table), "%")) {
      while (rs.next()) {
        columns.add(new DbSchema.Column(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME"),
            rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls, blankToNull(rs.getString("REMARKS")), List.of()));
      }
    }
    return columns;
  }

  private static List<String> primaryKey(DatabaseMetaData meta, String catalog, String schema, String table)
      throws SQLException {
    Map<Integer, String> ordered = new java.util.TreeMap<>();
    try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
      while (rs.next()) {
        ordered.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
      }
    }
    return List.copyOf(ordered.values());
  }

  private static List<DbSchema.ForeignKey> foreignKeys(DatabaseMetaData meta, String catalog, String schema,
      String table) throws SQLException {
    Map<String, List<String[]>> byName = new LinkedHashMap<>();
    try (ResultSet rs = meta.getImportedKeys(catalog, schema, table)) {
      while (rs.next()) {
        String key = rs.getString("FK_NAME") + "|" + rs.getString("PKTABLE_NAME");
        byName.computeIfAbsent(key, k -> new ArrayList<>()).add(new String[] {rs.getString("FKCOLUMN_NAME"),
            rs.getString("PKTABLE_NAME"), rs.getString("PKCOLUMN_NAME")});
      }
    }
    List<DbSchema.ForeignKey> keys = new ArrayList<>();
    for (List<String[]> parts : byName.values()) {
      keys.add(new DbSchema.ForeignKey(parts.stream().map(p -> p[0]).toList(), parts.getFirst()[1],
          parts.stream().map(p -> p[2]).toList()));
    }
    return keys;
  }

  /** A few values of the table's text columns, read with the pool's read-only settings; empty when refused. */
  private static Map<String, List<String>> samples(Connection c, DatabaseMetaData meta, DbKind kind, String schema,
      String table) {
    String quote;
    try {
      quote = meta.getIdentifierQuoteString().strip();
    } catch (SQLException e) {
      return Map.of();
    }
    String name = quote + table.replace(quote, quote + quote) + quote;
    String qualified = schema != null && kind != DbKind.H2 ? quote + schema + quote + "." + name : name;
    Map<String, List<String>> samples = new LinkedHashMap<>();
    try (Statement st = c.createStatement()) {
      st.setMaxRows(SAMPLE_ROWS);
      st.setQueryTimeout(5);
      try (ResultSet rs = st.executeQuery("SELECT * FROM " + qualified)) {
        var rsMeta = rs.getMetaData();
        while (rs.next()) {
          for (int i = 1; i <= rsMeta.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            if (v instanceof String s && !s.isBlank() && s.length() <= 100) {
              samples.computeIfAbsent(rsMeta.getColumnLabel(i), k -> new ArrayList<>()).add(s.strip());
            }
          }
        }
      }
    } catch (SQLException e) {
      try {
        if (!c.getAutoCommit()) {
          c.rollback(); // PostgreSQL refuses everything after an error until the transaction ends
        }
      } catch (SQLException ignored) {
        // the metadata calls that follow report a broken connection
      }
      return Map.of(); // samples only help linking; a table we may not read is still listed
    }
    return samples;
  }

  private static String escape(DatabaseMetaData meta, String name) throws SQLException {
    String esc = meta.getSearchStringEscape();
    return esc == null || esc.isEmpty() ? name : name.replace(esc, esc + esc).replace("_", esc + "_")
        .replace("%", esc + "%");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
