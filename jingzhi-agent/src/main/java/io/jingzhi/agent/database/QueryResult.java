package io.jingzhi.agent.database;

import java.util.List;
import java.util.Map;

/**
 * What one query answered: the SQL that ran (with {@code ?} for bound values), its columns, at most the row limit
 * of rows (each an ordered map column → value) and whether more rows were there.
 */
public record QueryResult(String sql, List<Column> columns, List<Map<String, Object>> rows, boolean truncated,
    long elapsedMillis) {

  /** A result column: its label and its JDBC type name ({@code VARCHAR}, {@code INTEGER}, {@code DATE} ...). */
  public record Column(String name, String type) {

    /** True for numeric JDBC types. */
    public boolean numeric() {
      return switch (type) {
        case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "REAL", "FLOAT", "DOUBLE", "NUMERIC", "DECIMAL" -> true;
        default -> false;
      };
    }

    /** True for date and time types. */
    public boolean temporal() {
      return type.startsWith("DATE") || type.startsWith("TIME");
    }
  }
}
