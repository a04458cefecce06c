package io.jingzhi.agent.database;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of database a connection may reach, each with the URL prefix it must use, the driver that serves it
 * and what the read-only transaction looks like there. MySQL is served by MariaDB Connector/J (its URL is rewritten
 * to {@code jdbc:mariadb:} when connecting); openGauss speaks the PostgreSQL protocol and uses its driver; the Hive
 * driver is not bundled (loaded from {@code ${jingzhi.data-dir}/drivers}).
 */
public enum DbKind {
  MYSQL("jdbc:mysql://", "org.mariadb.jdbc.Driver", "MySQL", true),
  MARIADB("jdbc:mariadb://", "org.mariadb.jdbc.Driver", "MariaDB", true),
  POSTGRESQL("jdbc:postgresql://", "org.postgresql.Driver", "PostgreSQL", true),
  OPENGAUSS("jdbc:postgresql://", "org.postgresql.Driver", "openGauss (PostgreSQL dialect)", true),
  SQLSERVER("jdbc:sqlserver://", "com.microsoft.sqlserver.jdbc.SQLServerDriver", "SQL Server (T-SQL)", false),
  HIVE("jdbc:hive2://", "org.apache.hive.jdbc.HiveDriver", "HiveQL", false),
  H2("jdbc:h2:", "org.h2.Driver", "H2", false);

  private final String prefix;
  private final String driverClass;
  private final String dialect;
  private final boolean readOnlyTransaction;

  DbKind(String prefix, String driverClass, String dialect, boolean readOnlyTransaction) {
    this.prefix = prefix;
    this.driverClass = driverClass;
    this.dialect = dialect;
    this.readOnlyTransaction = readOnlyTransaction;
  }

  /** The wire name: {@code mysql}, {@code postgresql} ... */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<DbKind> parse(String wire) {
    return wire == null ? Optional.empty()
        : Arrays.stream(values()).filter(k -> k.wire().equals(wire.strip().toLowerCase(Locale.ROOT))).findFirst();
  }

  public String prefix() {
    return prefix;
  }

  public String driverClass() {
    return driverClass;
  }

  /** The dialect named to the model in NL2SQL prompts. */
  public String dialect() {
    return dialect;
  }

  /** True when {@code SET TRANSACTION READ ONLY} is understood (besides {@code Connection.setReadOnly}). */
  public boolean readOnlyTransaction() {
    return readOnlyTransaction;
  }

  /** True when rows are capped with {@code TOP n} rather than {@code LIMIT n}. */
  public boolean usesTop() {
    return this == SQLSERVER;
  }

  /** The URL the driver is given: MySQL URLs go to MariaDB Connector/J under its own scheme. */
  public String driverUrl(String url) {
    return this == MYSQL ? "jdbc:mariadb://" + url.substring(prefix.length()) : url;
  }
}
