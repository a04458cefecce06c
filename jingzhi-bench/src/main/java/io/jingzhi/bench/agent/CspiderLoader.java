package io.jingzhi.bench.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads the CSpider schemas (shared/data/nl2sql/cspider/ddl, SQLite dialect; XSemPLR mspider dev, CC BY-SA 4.0)
 * into MariaDB (one database {@code cspider_<db_id>} each) or PostgreSQL (one schema {@code <db_id>} each in the
 * database given): column names lower-cased (table names too on PostgreSQL; MariaDB keeps the set's spelling, as it
 * compares table names by case), TEXT as VARCHAR(255), NUMERIC as double, foreign keys added where both sides
 * have one type. The set has no rows, so each table gets {@link #ROWS} deterministic synthetic rows (keys
 * 1..ROWS, foreign keys pointing at existing keys, text values {@code <column>_<n>}, numbers from a fixed
 * formula): results then differ between right and wrong SQL, which empty tables would hide. Existing databases or
 * schemas of these names are dropped first.
 */
public final class CspiderLoader {

  public static final int ROWS = 6;
  private static final Pattern TABLE = Pattern.compile("(?is)CREATE TABLE \"([^\"]+)\" \\((.*?)\\);");
  private static final Pattern COLUMN = Pattern.compile("(?i)^\"([^\"]+)\"\\s+(\\w+)(\\s+PRIMARY KEY)?$");
  private static final Pattern FOREIGN = Pattern.compile(
      "(?i)^FOREIGN KEY \\(\"([^\"]+)\"\\) REFERENCES \"([^\"]+)\"\\(\"([^\"]+)\"\\)$");

  private CspiderLoader() {}

  /** One table of a schema: columns (name → numeric?), its key, and its foreign keys (column → table.column). */
  record Table(String name, String original, Map<String, Boolean> numeric, String primaryKey,
      Map<String, String[]> references) {

    /** MariaDB on Linux compares table names by case: there the set's own spelling is kept. */
    String sqlName(boolean maria) {
      return maria ? original : name;
    }
  }

  /** The db_ids of the set, from the file names under ddl/. */
  public static List<String> dbIds(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("ddl"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
    }
  }

  static List<Table> tables(Path dir, String dbId) throws IOException {
    String sqlite = Files.readString(dir.resolve("ddl").resolve(dbId + ".sql"));
    List<Table> tables = new ArrayList<>();
    Matcher t = TABLE.matcher(sqlite);
    while (t.find()) {
      Map<String, Boolean> numeric = new LinkedHashMap<>();
      Map<String, String[]> refs = new LinkedHashMap<>();
      String pk = null;
      for (String raw : t.group(2).split(",\\s*\\n")) {
        Matcher c = COLUMN.matcher(raw.strip());
        Matcher f = FOREIGN.matcher(raw.strip());
        if (c.matches()) {
          String name = c.group(1).toLowerCase(Locale.ROOT);
          numeric.put(name, !c.group(2).equalsIgnoreCase("TEXT"));
          if (c.group(3) != null) {
            pk = name;
          }
        } else if (f.matches()) {
          refs.put(f.group(1).toLowerCase(Locale.ROOT), new String[] {f.group(2).toLowerCase(Locale.ROOT),
              f.group(3).toLowerCase(Locale.ROOT)});
        }
      }
      tables.add(new Table(t.group(1).toLowerCase(Locale.ROOT), t.group(1), numeric, pk, refs));
    }
    return tables;
  }

  /** The JDBC URL of one loaded schema. */
  public static String url(String dialect, String base, String dbId) {
    String name = dbId.toLowerCase(Locale.ROOT);
    return dialect.equals("mariadb") ? base.replaceAll("/[^/?]*(\\?.*)?$", "/cspider_" + name)
        : base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** Creates and fills one schema; {@code base} is a server URL with a database ({@code .../test}). */
  public static void load(Path dir, String dialect, String base, String user, String password, String dbId)
      throws IOException, SQLException {
    boolean maria = dialect.equals("mariadb");
    String name = dbId.toLowerCase(Locale.ROOT);
    try (Connection admin = DriverManager.getConnection(base, user, password)) {
      if (maria) {
        admin.createStatement().execute("DROP DATABASE IF EXISTS cspider_" + name);
        admin.createStatement().execute("CREATE DATABASE cspider_" + name + " CHARACTER SET utf8mb4");
      } else {
        admin.createStatement().execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        admin.createStatement().execute("CREATE SCHEMA " + name);
      }
    }
    List<Table> tables = tables(dir, dbId);
    try (Connection c = DriverManager.getConnection(url(dialect, base, dbId), user, password)) {
      for (Table t : tables) {
        List<String> defs = new ArrayList<>();
        t.numeric().forEach((col, num) -> defs.add(quote(col, maria) + " " + (num ? (maria ? "DOUBLE" : "DOUBLE PRECISION")
            : "VARCHAR(255)") + (col.equals(t.primaryKey()) ? " PRIMARY KEY" : "")));
        c.createStatement().execute("CREATE TABLE " + quote(t.sqlName(maria), maria) + " (" + String.join(", ", defs) + ")"
            + (maria ? " CHARACTER SET utf8mb4" : ""));
      }
      for (Table t : tables) {
        insertRows(c, t, tables);
      }
      for (Table t : tables) {
        for (var ref : t.references().entrySet()) {
          Table target = tables.stream().filter(x -> x.name().equals(ref.getValue()[0])).findFirst().orElse(null);
          if (target != null && ref.getValue()[1].equals(target.primaryKey())
              && target.numeric().get(target.primaryKey()).equals(t.numeric().get(ref.getKey()))) {
            c.createStatement().execute("ALTER TABLE " + quote(t.sqlName(maria), maria) + " ADD FOREIGN KEY ("
                + quote(ref.getKey(), maria) + ") REFERENCES " + quote(target.sqlName(maria), maria) + " (" + quote(target.primaryKey(), maria) + ")");
          }
        }
      }
    }
  }

  private static void insertRows(Connection c, Table t, List<Table> all) throws SQLException {
    List<String> columns = new ArrayList<>(t.numeric().keySet());
    boolean maria = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("maria");
    String sql = "INSERT INTO " + quote(t.sqlName(maria), maria) + " (" + String.join(", ", columns.stream().map(x -> quote(x, maria))
        .toList()) + ") VALUES ("
        + String.join(", ", columns.stream().map(x -> "?").toList()) + ")";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int row = 1; row <= ROWS; row++) {
        for (int i = 0; i < columns.size(); i++) {
          String col = columns.get(i);
          ps.setObject(i + 1, value(t, col, row, all));
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * A name quoted, always: "Viewers (millions)" and a table called {@code show} need it, and a lower-case quoted
   * name means the same as the unquoted one to both databases.
   */
  static String quote(String name, boolean maria) {
    return maria ? "`" + name + "`" : "\"" + name + "\"";
  }

  /** Keys 1..ROWS; a foreign key points at the referenced table's key of a nearby row; other values by formula. */
  static Object value(Table t, String col, int row, List<Table> all) {
    boolean numeric = t.numeric().get(col);
    String[] ref = t.references().get(col);
    boolean key = col.equals(t.primaryKey());
    if (ref != null) {
      Table target = all.stream().filter(x -> x.name().equals(ref[0])).findFirst().orElse(null);
      // a key that is also a reference takes the row's own number (unique); others spread over the targets
      int row2 = key ? row : (row * 5) % ROWS + 1;
      if (target != null && target.primaryKey() != null && ref[1].equals(target.primaryKey())
          && !target.name().equals(t.name())) {
        Object targetKey = value(target, target.primaryKey(), row2, all);
        return numeric ? (targetKey instanceof Double d ? d : (double) row2) : String.valueOf(
            targetKey instanceof Double d ? String.valueOf(d.intValue()) : targetKey);
      }
      return numeric ? (double) row2 : col + "_" + row2;
    }
    if (key) {
      return numeric ? (Object) (double) row : col + "_" + row;
    }
    if (numeric) {
      int h = Math.abs(col.hashCode() % 97);
      return (double) ((row * 37 + h * 11) % 100 + (col.contains("year") ? 1990 : 1));
    }
    return col + "_" + ((row * 7 + col.length()) % 4 + 1);
  }
}
