package io.jingzhi.agent.database;

import io.jingzhi.agent.engine.NodeFailure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Runs one checked statement on a pooled connection. On a read-only connection the JDBC connection is read-only,
 * the transaction is declared {@code READ ONLY} where the database knows that, and it is always rolled back, so
 * even a statement that slipped past {@link ReadOnlySql} changes nothing. Rows are capped with
 * {@code setMaxRows(limit + 1)}: the extra row only tells that the result was {@code truncated}.
 */
@Component
public class QueryRunner {

  /** Longest text kept per cell; a longer value is cut with an ellipsis. */
  static final int MAX_CELL_CHARS = 4000;

  private final ConnectionPools pools;

  QueryRunner(ConnectionPools pools) {
    this.pools = pools;
  }

  public QueryResult run(DbConnection connection, String sql, List<Object> parameters, int rowLimit,
      Duration timeout) {
    DataSource source = pools.dataSource(connection);
    DbKind kind = connection.dbKind();
    long started = System.nanoTime();
    try (Connection c = open(source)) {
      try {
        if (connection.readOnly() && kind.readOnlyTransaction()) {
          try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION READ ONLY");
          }
        }
        QueryResult result = execute(c, sql, parameters, rowLimit, timeout);
        if (!connection.readOnly() && kind != DbKind.HIVE) {
          c.commit(); // a writable connection's one statement takes effect
        }
        return new QueryResult(result.sql(), result.columns(), result.rows(), result.truncated(),
            (System.nanoTime() - started) / 1_000_000);
      } finally {
        rollbackQuietly(c, kind);
      }
    } catch (SQLTimeoutException e) {
      throw new NodeFailure("database.timeout", "the query ran longer than " + timeout.toMillis() + " ms", true, e);
    } catch (SQLException e) {
      if (timedOut(e)) {
        throw new NodeFailure("database.timeout", "the query ran longer than " + timeout.toMillis() + " ms", true, e);
      }
      if (readOnlyViolation(e)) {
        throw new NodeFailure(ReadOnlySql.REFUSED, "the database refused a write in the read-only transaction: "
            + message(e), false, e);
      }
      throw new NodeFailure("database.query_failed", message(e), false, e);
    }
  }

  private static Connection open(DataSource source) {
    try {
      return source.getConnection();
    } catch (SQLException e) {
      throw new NodeFailure("database.connection_failed", "cannot connect: " + message(e), true, e);
    }
  }

  private QueryResult execute(Connection c, String sql, List<Object> parameters, int rowLimit, Duration timeout)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout((int) Math.max(1, Math.ceil(timeout.toMillis() / 1000.0)));
      ps.setMaxRows(rowLimit + 1);
      ps.setFetchSize(Math.min(rowLimit + 1, 500));
      for (int i = 0; i < parameters.size(); i++) {
        Object value = parameters.get(i);
        if (value == SqlTemplate.NullValue.INSTANCE || value == null) {
          ps.setObject(i + 1, null);
        } else if (value instanceof Number || value instanceof Boolean || value instanceof String) {
          ps.setObject(i + 1, value);
        } else {
          ps.setString(i + 1, String.valueOf(value));
        }
      }
      if (!ps.execute()) {
        return new QueryResult(sql, List.of(new QueryResult.Column("updated_rows", "BIGINT")),
            List.of(Map.of("updated_rows", ps.getLargeUpdateCount())), false, 0);
      }
      try (ResultSet rs = ps.getResultSet()) {
        List<QueryResult.Column> columns = columns(rs.getMetaData());
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
          if (rows.size() == rowLimit) {
            truncated = true;
            break;
          }
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i).name(), value(rs.getObject(i + 1)));
          }
          rows.add(row);
        }
        return new QueryResult(sql, columns, rows, truncated, 0);
      }
    }
  }

  private static List<QueryResult.Column> columns(ResultSetMetaData meta) throws SQLException {
    List<QueryResult.Column> columns = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      String name = meta.getColumnLabel(i);
      String unique = name;
      for (int n = 2; seen.contains(unique); n++) {
        unique = name + "_" + n; // two columns of one name would overwrite each other in a row map
      }
      seen.add(unique);
      String type;
      try {
        type = JDBCType.valueOf(meta.getColumnType(i)).getName();
      } catch (IllegalArgumentException e) {
        type = meta.getColumnTypeName(i).toUpperCase(java.util.Locale.ROOT);
      }
      columns.add(new QueryResult.Column(unique, type));
    }
    return columns;
  }

  /** A cell as a JSON-friendly value: numbers, booleans and text stay; dates become ISO text; bytes a note. */
  static Object value(Object v) throws SQLException {
    if (v == null || v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
        || v instanceof Byte || v instanceof BigInteger) {
      return v;
    }
    if (v instanceof BigDecimal d) {
      BigDecimal plain = d.stripTrailingZeros();
      // 30.0000 is 30 (a whole number stays whole: never 3E+1); fractions keep their digits
      return plain.scale() <= 0 && plain.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
          ? plain.longValueExact() : plain;
    }
    if (v instanceof Double || v instanceof Float) {
      return v;
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime().toString();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof java.sql.Time t) {
      return t.toLocalTime().toString();
    }
    if (v instanceof TemporalAccessor) {
      return v.toString();
    }
    if (v instanceof byte[] bytes) {
      return "<" + bytes.length + " bytes>";
    }
    if (v instanceof java.sql.Clob clob) {
      return cut(clob.getSubString(1, (int) Math.min(clob.length(), MAX_CELL_CHARS + 1)));
    }
    if (v instanceof java.sql.Array array) {
      Object[] items = (Object[]) array.getArray();
      List<Object> out = new ArrayList<>();
      for (Object item : items) {
        out.add(value(item));
      }
      return out;
    }
    return cut(v.toString());
  }

  private static String cut(String s) {
    return s.length() <= MAX_CELL_CHARS ? s : s.substring(0, MAX_CELL_CHARS) + "…";
  }

  private static void rollbackQuietly(Connection c, DbKind kind) {
    if (kind == DbKind.HIVE) {
      return;
    }
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken: the pool drops it
    }
  }

  private static boolean timedOut(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String text = message(e).toLowerCase(java.util.Locale.ROOT);
    // PostgreSQL 57014 (query_canceled), MariaDB 70100 (query interrupted), SQL Server HYT00 / "timed out"
    return state.equals("57014") || state.equals("70100") || state.equals("HYT00") || text.contains("timed out")
        || text.contains("timeout") || text.contains("statement was canceled") || text.contains("interrupted");
  }

  private static boolean readOnlyViolation(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String text = message(e).toLowerCase(java.util.Locale.ROOT);
    // PostgreSQL 25006 read_only_sql_transaction; MariaDB 1792 "cannot execute statement in a READ ONLY transaction"
    return state.equals("25006") || e.getErrorCode() == 1792 || text.contains("read-only") || text.contains("read only");
  }

  static String message(SQLException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    return m.length() > 500 ? m.substring(0, 500) + "…" : m;
  }
}
