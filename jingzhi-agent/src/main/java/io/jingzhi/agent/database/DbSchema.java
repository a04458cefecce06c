package io.jingzhi.agent.database;

import java.util.List;
import java.util.Optional;

/**
 * The tables a connection sees (its current database or schema), with columns, types, comments, primary and
 * foreign keys, and for NL2SQL's schema linking a few sample values per column.
 *
 * @param truncated true when the database had more tables than are listed
 */
public record DbSchema(String database, List<Table> tables, boolean truncated) {

  /** One table or view. */
  public record Table(String name, String type, String comment, List<Column> columns, List<String> primaryKey,
      List<ForeignKey> foreignKeys) {

    public Optional<Column> column(String name) {
      return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }
  }

  /** One column; {@code samples} are a few of its values (text columns only), empty when not read. */
  public record Column(String name, String type, boolean nullable, String comment, List<String> samples) {}

  /** {@code columns} of this table refer to {@code referencedColumns} of {@code referencedTable}. */
  public record ForeignKey(List<String> columns, String referencedTable, List<String> referencedColumns) {}

  public Optional<Table> table(String name) {
    return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
  }
}
